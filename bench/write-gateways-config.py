#!/usr/bin/env python3
"""Writes a lifeline.yaml with GATEWAYS gateways spread over TRUNKS trunks, all on loopback addresses
(127.1.0.1 upwards, one port), for the whole-daemon load scripts (probing-load.sh, daemon-100k.sh).

usage: write-gateways-config.py PATH GATEWAYS TRUNKS PORT HTTP_PORT INTERVAL MAX_RATE   (INTERVAL like 30s)
"""
import sys

path, gateways, trunks, port, http, interval, max_rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
per = (gateways + trunks - 1) // trunks
with open(path, "w") as f:
    f.write(f"http:\n  listen: 127.0.0.1:{http}\njournal:\n  path: ./journal.db\n")
    f.write(f"probing:\n  interval: {interval}\n  max_rate: {max_rate}\n")
    f.write("trunks:\n")
    n = 0
    for t in range(trunks):
        f.write(f"  - name: carrier{t:02d}\n    gateways:\n")
        for _ in range(min(per, gateways - n)):
            # 127.1.0.1 upwards, skipping .0 and .255 host bytes; all of 127/8 is loopback.
            a, b, c = 1 + n // (254 * 256), (n // 254) % 256, 1 + n % 254
            f.write(f"      - sip:127.{a}.{b}.{c}:{port}\n")
            n += 1
