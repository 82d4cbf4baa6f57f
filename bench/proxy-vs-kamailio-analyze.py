#!/usr/bin/python3
"""Turn the raw files of one bench/proxy-vs-kamailio.sh run into a side-by-side summary (markdown + JSON).

usage: proxy-vs-kamailio-analyze.py RUN_DIR OUT_DIR

RUN_DIR holds meta.txt and one folder per proxy (lifeline/, kamailio/), each with rate_<cps>/ and fo/ folders
(sipp stat CSVs, -trace_rtt CSVs, -trace_shortmsg logs, meta.txt; kamailio.log or Lifeline's events.json).
Python standard library only. The sipp parsing, percentile and per-step "clean" rules are those of
../shared/anchors/kamailio/analyze.py (the Kamailio anchor benchmark), so the Kamailio figures compare with the
anchor's RESULTS.md.
"""
import csv
import datetime
import glob
import json
import os
import re
import statistics
import sys

DELAYED_MS = 100.0  # a call is delayed when its post-dial delay exceeds the usual one by this much (as the e2e test)
LONG_DELAY_MS = 1000.0  # the bound: no call delayed by more than 1 s


# ---------------------------------------------------------------- helpers (from the anchor's analyze.py)
def read_meta(d):
    meta = {}
    p = os.path.join(d, "meta.txt")
    if os.path.exists(p):
        for line in open(p):
            line = line.rstrip("\n")
            if "=" in line:
                k, v = line.split("=", 1)
                meta[k] = v
    return meta


def fnum(x, default=None):
    try:
        return float(x)
    except (TypeError, ValueError):
        return default


def last_stat_row(path):
    if not os.path.exists(path):
        return {}
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f, delimiter=";") if r]
    if len(rows) < 2:
        return {}
    return dict(zip(rows[0], rows[-1]))


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def fmt(x, nd=1):
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def parse_times(path):
    """bash `times` output: the second line is the children's user and system time."""
    if not os.path.exists(path):
        return None
    lines = [l.split() for l in open(path) if l.strip()]
    if len(lines) < 2:
        return None

    def sec(t):
        m = re.match(r"(\d+)m([\d.]+)s", t)
        return int(m.group(1)) * 60 + float(m.group(2)) if m else 0.0

    return sec(lines[1][0]) + sec(lines[1][1])


def stat_int(st, key):
    try:
        return int(st.get(key, "0") or 0)
    except ValueError:
        return 0


# ---------------------------------------------------------------- rate steps
def analyze_rate(d, clk_tck):
    meta = read_meta(d)
    st = last_stat_row(os.path.join(d, "uac_stat.csv"))
    target = int(meta.get("rate", "0"))
    asked = int(meta.get("calls", "0"))
    succ = stat_int(st, "SuccessfulCall(C)")
    failed = stat_int(st, "FailedCall(C)")
    res = {"target_cps": target, "calls_asked": asked, "sipp_rc": meta.get("rc"), "successful": succ, "failed": failed,
           "retransmissions": stat_int(st, "Retransmissions(C)")}
    rtts, last_ms = [], 0.0
    for p in glob.glob(os.path.join(d, "*_rtt.csv")):
        with open(p) as f:
            for line in f:
                parts = line.strip().split(";")
                if len(parts) >= 2 and parts[0][:1].isdigit():
                    rtts.append(float(parts[1]))
                    last_ms = max(last_ms, float(parts[0]))
    res["rt_ms"] = {"n": len(rtts), "p50": pct(rtts, 50), "p90": pct(rtts, 90), "p99": pct(rtts, 99),
                    "max": max(rtts) if rtts else None, "mean": statistics.fmean(rtts) if rtts else None}
    res["achieved_cps"] = (succ / (last_ms / 1000.0)) if last_ms and succ else None
    wall = fnum(meta.get("uac_wall_s"))
    ticks = fnum(meta.get("proxy_ticks"), 0.0)
    res["uac_wall_s"] = wall
    res["proxy_cpu_s"] = ticks / clk_tck
    res["uac_cpu_s"] = parse_times(os.path.join(d, "uac_times.txt"))
    res["proxy_cpu_ms_per_1000_calls"] = (ticks / clk_tck * 1000.0) / succ * 1000.0 if succ else None
    res["proxy_cores_busy"] = (ticks / clk_tck) / wall if wall else None
    res["udp_rcvbuf_errors"] = int(meta.get("udp_rcvbuf_errors", "0") or 0)
    ok = failed == 0 and succ == asked and res["achieved_cps"] is not None and res["achieved_cps"] >= 0.95 * target
    res["clean"] = ok
    res["clean_no_retrans"] = ok and res["retransmissions"] == 0
    return res


# ---------------------------------------------------------------- failover
SHORT_RE = re.compile(r"^\S+\t\S+\t(\d+\.\d+)\t([RS])\t(\S+)\tCSeq:\s*(\d+)\s+(\w+)\t(.*)$")


def read_short(path):
    if not os.path.exists(path):
        return
    with open(path, errors="replace") as f:
        for line in f:
            m = SHORT_RE.match(line.rstrip("\n"))
            if m:
                yield float(m.group(1)), m.group(2), m.group(3), m.group(5), m.group(6)


def code_of(first_line):
    m = re.match(r"^SIP/2\.0\s+(\d{3})", first_line)
    return int(m.group(1)) if m else None


def uas_invites(path):
    out = {}
    for t, dr, cid, meth, fl in read_short(path):
        if dr == "R" and meth == "INVITE" and fl.startswith("INVITE") and cid not in out:
            out[cid] = t
    return out


def epoch_of(iso):
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def proxy_events(d, proxy, pri_port):
    """(down, up) epoch lists for the primary: kamailio's dispatcher events, or Lifeline's journaled transitions."""
    down, up = [], []
    if proxy == "kamailio":
        kl = os.path.join(d, "kamailio.log")
        if os.path.exists(kl):
            for line in open(kl, errors="replace"):
                m = re.search(r"DSEVT (dst-down|dst-up) t=(\d+\.\d+) uri=(\S+) du=(\S*)", line)
                if m and (f":{pri_port}" in m.group(3) or f":{pri_port}" in m.group(4)):
                    (down if m.group(1) == "dst-down" else up).append(float(m.group(2)))
    else:
        p = os.path.join(d, "events.json")
        if os.path.exists(p):
            try:
                events = json.load(open(p)).get("events", [])
            except ValueError:
                events = []
            for e in events:
                if e.get("kind") == "transition" and e.get("target", "").startswith("primary/"):
                    if e.get("to") == "Down":
                        down.append(epoch_of(e["at"]))
                    elif e.get("to") == "Up" and e.get("from") in ("Recovering", "Down"):
                        up.append(epoch_of(e["at"]))
    return sorted(down), sorted(up)


def analyze_failover(d, proxy, pri_port, clk_tck):
    meta = read_meta(d)
    t_kill = fnum(meta.get("t_kill"))
    t_restart = fnum(meta.get("t_restart"))
    calls = {}
    for t, dr, cid, meth, fl in read_short(os.path.join(d, "uac_short.log")):
        c = calls.setdefault(cid, {})
        if dr == "S" and meth == "INVITE" and fl.startswith("INVITE"):
            c.setdefault("inv", t)
        elif dr == "R" and meth == "INVITE":
            code = code_of(fl)
            if code and code >= 200 and "inv_final" not in c:
                c["inv_final"], c["inv_code"] = t, code
        elif dr == "R" and meth == "BYE":
            code = code_of(fl)
            if code and code >= 200 and "bye_code" not in c:
                c["bye_code"] = code
    calls = {k: v for k, v in calls.items() if "inv" in v}
    pri1 = uas_invites(os.path.join(d, "pri1_short.log"))
    pri2 = uas_invites(os.path.join(d, "pri2_short.log"))
    bak = uas_invites(os.path.join(d, "bak_short.log"))

    rows = []
    for cid, c in calls.items():
        setup = (c["inv_final"] - c["inv"]) * 1000.0 if "inv_final" in c else None
        at_pri = cid in pri1 or cid in pri2
        where = "pri+bak" if at_pri and cid in bak else "pri" if at_pri else "bak" if cid in bak else "none"
        phase = "before" if c["inv"] < t_kill else ("outage" if c["inv"] < t_restart else "after")
        rows.append(dict(cid=cid, inv=c["inv"], setup=setup, where=where, phase=phase, inv_code=c.get("inv_code"),
                         bye_code=c.get("bye_code"), answered_by_pri1=cid in pri1))
    rows.sort(key=lambda r: r["inv"])
    steady = [r["setup"] for r in rows if r["setup"] is not None and r["inv"] < t_kill - 1.0]
    usual = statistics.median(steady) if steady else 0.0
    for r in rows:
        r["added"] = (r["setup"] - usual) if r["setup"] is not None else None
        r["delayed"] = r["added"] is not None and r["added"] >= DELAYED_MS

    res = {"meta": meta}
    st = last_stat_row(os.path.join(d, "uac_stat.csv"))
    res["sipp_successful"] = stat_int(st, "SuccessfulCall(C)")
    res["sipp_failed"] = stat_int(st, "FailedCall(C)")
    res["sipp_retransmissions"] = stat_int(st, "Retransmissions(C)")
    res["calls"] = len(rows)
    res["setup_failed"] = [r["cid"] for r in rows if r["inv_code"] != 200]
    res["bye_failed"] = [r["cid"] for r in rows if r["inv_code"] == 200 and r["bye_code"] != 200]
    res["bye_failed_answered_by_dead_primary"] = sum(1 for r in rows if r["inv_code"] == 200 and r["bye_code"] != 200 and r["answered_by_pri1"])
    res["usual_setup_ms"] = usual
    # as the e2e test: the failover's cost falls on calls placed from 1 s before the kill on (in flight at the
    # primary when it died); slower calls before that are the steady state (or a cold start) and only reported
    exposed = [r for r in rows if r["inv"] >= t_kill - 1.0]
    res["delayed"] = sum(r["delayed"] for r in exposed)
    res["slow_before_kill"] = sum(r["delayed"] for r in rows if r["inv"] < t_kill - 1.0)
    res["delayed_ge_1s"] = sum(1 for r in exposed if r["added"] is not None and r["added"] >= LONG_DELAY_MS)
    added = [r["added"] for r in exposed if r["added"] is not None]
    res["worst_added_delay_ms"] = max(added) if added else None
    out = [r for r in rows if r["phase"] == "outage"]
    out_delayed = [r for r in out if r["delayed"]]
    res["outage_calls"] = len(out)
    res["outage_delayed"] = len(out_delayed)
    outage_added = [r["added"] for r in out_delayed]
    res["outage_delayed_added_ms_p50"] = pct(outage_added, 50)
    # traffic has moved when a call goes straight to the backup and no later outage call is delayed
    if out_delayed:
        later = [r for r in out if r["inv"] > out_delayed[-1]["inv"] and r["where"] == "bak" and not r["delayed"]]
    else:
        later = [r for r in out if r["where"] == "bak"]
    res["traffic_moved_after_kill_s"] = (later[0]["inv"] - t_kill) if later else None
    ok_bak = sorted(calls[r["cid"]]["inv_final"] for r in out if r["where"] in ("bak", "pri+bak") and r["inv_code"] == 200)
    res["first_200_via_backup_after_kill_s"] = (ok_bak[0] - t_kill) if ok_bak else None
    down, up = proxy_events(d, proxy, pri_port)
    down = [t for t in down if t >= t_kill]
    up = [t for t in up if t >= t_restart]
    res["primary_down_after_kill_s"] = (down[0] - t_kill) if down else None
    res["primary_up_after_restart_s"] = (up[0] - t_restart) if up else None
    p2 = sorted(pri2.values())
    res["first_invite_at_restarted_primary_s"] = (p2[0] - t_restart) if p2 else None
    res["run_end_after_restart_s"] = (rows[-1]["inv"] - t_restart) if rows else None
    after = [r for r in rows if r["phase"] == "after"]
    to_bak_after = [r for r in after if r["where"] == "bak"]
    res["calls_to_backup_after_restart"] = len(to_bak_after)
    res["last_call_to_backup_after_restart_s"] = (to_bak_after[-1]["inv"] - t_restart) if to_bak_after else None
    res["proxy_cpu_s"] = fnum(meta.get("proxy_ticks"), 0.0) / clk_tck
    res["udp_rcvbuf_errors"] = int(meta.get("udp_rcvbuf_errors", "0") or 0)
    res["udp_noports"] = int(meta.get("udp_noports", "0") or 0)
    res["phases"] = {}
    for ph in ("before", "outage", "after"):
        pr = [r for r in rows if r["phase"] == ph]
        s = [r["setup"] for r in pr if r["setup"] is not None]
        res["phases"][ph] = {"calls": len(pr), "setup_failed": sum(r["inv_code"] != 200 for r in pr),
                             "to_primary": sum(r["where"] == "pri" for r in pr), "to_backup": sum(r["where"] == "bak" for r in pr),
                             "to_both": sum(r["where"] == "pri+bak" for r in pr), "delayed": sum(r["delayed"] for r in pr),
                             "setup_ms_p50": pct(s, 50), "setup_ms_p99": pct(s, 99), "setup_ms_max": max(s) if s else None}
    return res


# ---------------------------------------------------------------- report
def main():
    run_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    env = read_meta(run_dir)
    clk = fnum(env.get("clk_tck"), 100.0)
    pri_port = env.get("pri_port", "24071")
    proxies = [p for p in env.get("proxies", "lifeline kamailio").split() if os.path.isdir(os.path.join(run_dir, p))]
    summary = {"env": env, "proxies": {}}
    for p in proxies:
        pd = os.path.join(run_dir, p)
        rates = [analyze_rate(d, clk) for d in sorted(glob.glob(os.path.join(pd, "rate_*")), key=lambda x: int(x.rsplit("_", 1)[1]))]
        fo_dir = os.path.join(pd, "fo")
        fo = analyze_failover(fo_dir, p, pri_port, clk) if os.path.isdir(fo_dir) else None
        clean = [r["target_cps"] for r in rates if r["clean"]]
        idle = read_meta(os.path.join(pd, "idle"))
        idle_ms_per_s = (fnum(idle.get("proxy_ticks"), 0.0) / clk * 1000.0 / fnum(idle.get("secs"), 1.0)) if idle else None
        quiet_ms_per_s = (fnum(idle.get("quiet_ticks"), 0.0) / clk * 1000.0 / fnum(idle.get("secs"), 1.0)) if idle and "quiet_ticks" in idle else None
        summary["proxies"][p] = {"rate": rates, "failover": fo, "max_clean_cps": max(clean) if clean else None, "idle_cpu_ms_per_s": idle_ms_per_s, "quiet_cpu_ms_per_s": quiet_ms_per_s}

    L = ["# Failover proxy vs Kamailio's dispatcher: run summary", ""]
    L.append(f"- date {env.get('date')}, {env.get('host_cpus')} CPUs, load average before {env.get('load_before')}, after {env.get('load_after')}")
    L.append(f"- Lifeline commit {env.get('lifeline_commit')} (Release, .NET {env.get('dotnet')}); {env.get('kamailio')}; {env.get('sipp')}")
    L.append(f"- Kamailio: {env.get('children')} UDP workers, OPTIONS ping every {env.get('kam_ping_interval_s')} s, threshold "
             f"{env.get('kam_probing_threshold')}, tm fr_timer {env.get('fr_timer_ms')} ms; Lifeline: the issue's minimal configuration (defaults)")
    L.append(f"- rate steps {env.get('step_secs')} s each after {env.get('warmup_calls')} warm-up calls, hold {env.get('hold_ms')} ms; "
             f"failover {env.get('fo_rate')} calls/s for {env.get('fo_secs')} s, primary SIGKILLed at {env.get('fo_kill_at')} s, restarted at {env.get('fo_restart_at')} s")
    L.append("")

    if any(summary["proxies"][p]["rate"] for p in proxies):
        L.append("## Call rate (INVITE-200-ACK-BYE-200 through the proxy)")
        L.append("")
        hdr = ["target cps"]
        for p in proxies:
            hdr += [f"{p} ok / failed / retrans", f"{p} cps", f"{p} RT p50 / p99 / max ms", f"{p} CPU s", f"{p} CPU ms / 1000 calls", f"{p} drops", f"{p} clean"]
        L.append("| " + " | ".join(hdr) + " |")
        L.append("|" + "---|" * len(hdr))
        targets = sorted({r["target_cps"] for p in proxies for r in summary["proxies"][p]["rate"]})
        for t in targets:
            row = [str(t)]
            for p in proxies:
                r = next((x for x in summary["proxies"][p]["rate"] if x["target_cps"] == t), None)
                if r is None:
                    row += ["-"] * 7
                    continue
                rt = r["rt_ms"]
                row += [f"{r['successful']} / {r['failed']} / {r['retransmissions']}", fmt(r["achieved_cps"]),
                        f"{fmt(rt['p50'])} / {fmt(rt['p99'])} / {fmt(rt['max'])}", fmt(r["proxy_cpu_s"], 2),
                        fmt(r["proxy_cpu_ms_per_1000_calls"], 0), str(r["udp_rcvbuf_errors"]),
                        "yes" if r["clean_no_retrans"] else ("yes (retrans)" if r["clean"] else "NO")]
            L.append("| " + " | ".join(row) + " |")
        L.append("")
        for p in proxies:
            L.append(f"- {p}: highest rate with 0 failed calls (and >= 95% of the target throughput): {summary['proxies'][p]['max_clean_cps']} cps;"
                     f" idle CPU (probing only) {fmt(summary['proxies'][p]['idle_cpu_ms_per_s'], 1)} ms per s right after the warm-up,"
                     f" {fmt(summary['proxies'][p].get('quiet_cpu_ms_per_s'), 1)} ms per s once quiet")
        L.append("- RT: sipp's response time, INVITE sent to 200 received (1 ms resolution); CPU: utime+stime of the proxy's "
                 "processes from /proc during the measured calls; drops: UDP RcvbufErrors, whole host.")
        L.append("")

    if any(summary["proxies"][p]["failover"] for p in proxies):
        L.append("## Failover (primary carrier SIGKILLed, then restarted)")
        L.append("")
        L.append("| measure | " + " | ".join(proxies) + " |")
        L.append("|---|" + "---|" * len(proxies))
        fos = [summary["proxies"][p]["failover"] or {} for p in proxies]

        def line(label, fn):
            L.append(f"| {label} | " + " | ".join(fn(f) if f else "-" for f in fos) + " |")

        line("calls placed", lambda f: str(f["calls"]))
        line("calls failed at setup (no 200 to the INVITE)", lambda f: str(len(f["setup_failed"])))
        line("calls whose BYE failed (answered by the primary just before it died / other)",
             lambda f: f"{len(f['bye_failed'])} ({f['bye_failed_answered_by_dead_primary']} / {len(f['bye_failed']) - f['bye_failed_answered_by_dead_primary']})")
        line("sipp failed calls", lambda f: str(f["sipp_failed"]))
        line(f"calls delayed (>= {DELAYED_MS:.0f} ms over the usual post-dial delay; placed from 1 s before the kill on)", lambda f: str(f["delayed"]))
        line("as slow earlier in the run (steady state, not counted)", lambda f: str(f["slow_before_kill"]))
        line("calls delayed by 1 s or more", lambda f: str(f["delayed_ge_1s"]))
        line("worst added delay, ms", lambda f: fmt(f["worst_added_delay_ms"], 0))
        line("added delay of the delayed outage calls, median ms", lambda f: fmt(f["outage_delayed_added_ms_p50"], 0))
        line("usual post-dial delay, ms", lambda f: fmt(f["usual_setup_ms"], 2))
        line("time to move traffic (new calls straight to the backup from), s after the kill", lambda f: fmt(f["traffic_moved_after_kill_s"], 2))
        line("first 200 through the backup, s after the kill", lambda f: fmt(f["first_200_via_backup_after_kill_s"], 2))
        line("primary marked Down, s after the kill", lambda f: fmt(f["primary_down_after_kill_s"], 2))
        def none_within(f, v):
            return fmt(v, 2) if v is not None else f"none within the run (> {fmt(f['run_end_after_restart_s'], 0)})"

        line("time to fail back (first new call at the restarted primary), s after the restart", lambda f: none_within(f, f["first_invite_at_restarted_primary_s"]))
        line("primary Up again, s after the restart", lambda f: none_within(f, f["primary_up_after_restart_s"]))
        line("calls sent to the backup after the restart (last one at s)",
             lambda f: f"{f['calls_to_backup_after_restart']} ({fmt(f['last_call_to_backup_after_restart_s'], 2)})")
        line("proxy CPU during the run, s", lambda f: fmt(f["proxy_cpu_s"], 2))
        line("UDP datagrams to closed ports / rcvbuf drops", lambda f: f"{f['udp_noports']} / {f['udp_rcvbuf_errors']}")
        L.append("")
        for p, f in zip(proxies, fos):
            if not f:
                continue
            L.append(f"- {p}: " + "; ".join(
                f"{ph}: " + ", ".join(f"{k}={fmt(v)}" for k, v in v2.items()) for ph, v2 in f["phases"].items()))
        L.append("")

    md = "\n".join(L) + "\n"
    open(os.path.join(out_dir, "summary.md"), "w").write(md)
    for p in proxies:
        f = summary["proxies"][p]["failover"]
        if f:
            f["setup_failed"] = f["setup_failed"][:50]
            f["bye_failed"] = f["bye_failed"][:50]
    json.dump(summary, open(os.path.join(out_dir, "summary.json"), "w"), indent=1, default=str)
    print(md)


if __name__ == "__main__":
    main()
