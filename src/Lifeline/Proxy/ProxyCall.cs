using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lifeline.Health;
using Lifeline.Journal;
using Lifeline.Routing;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Writing;

namespace Lifeline.Proxy;

/// <summary>
/// One call from the dialer: walks its route plan one attempt at a time (serial failover), forwards provisional and
/// final responses back, answers CANCEL, and writes the call record. State changes happen under one lock; sends
/// and the next attempt happen outside it, since transaction callbacks may run synchronously inside a send.
/// </summary>
internal sealed class ProxyCall
{
    private readonly SipServerTransaction _server;
    private readonly RoutePlan _plan;
    private readonly long _startedTimestamp;
    private readonly DateTimeOffset _startedAt;
    private readonly string _dialed;
    private readonly Lock _gate = new();
    private readonly List<ProxyAttemptRecord> _tried = new(2);
    private int _next;
    private List<RouteAttempt>? _deferred;
    private int _sent;
    private ProxyAttempt? _current;
    private bool _ringingForwarded;
    private bool _finished;
    private bool _cancelled;
    private string? _lastFailure;
    private int _lastFailureCode;

    public ProxyCall(ProxyCore core, SipServerTransaction server, string dialed, RoutePlan plan)
    {
        Core = core;
        _server = server;
        _dialed = dialed;
        _plan = plan;
        _startedTimestamp = core.Time.GetTimestamp();
        _startedAt = core.Time.GetUtcNow();
        ViaTcp = server.Peer.IsReliable;
    }

    public ProxyCore Core { get; }

    /// <summary>The dialer's INVITE (owned by its server transaction).</summary>
    public SipMessage Request => _server.Request;

    /// <summary>The dialer's CSeq value (<c>1 INVITE</c>), given back to responses of a renumbered resend.</summary>
    public ReadOnlyMemory<byte> CSeqValue => _server.Request.TryGetHeader(SipHeaderId.CSeq, out var header) ? header.ValueMemory : default;

    /// <summary>The number sent to carriers.</summary>
    public string Normalized => _plan.Normalized;

    /// <summary>The dialer reached us over TCP (the Record-Route says so).</summary>
    public bool ViaTcp { get; }

    private TimeSpan Elapsed => Core.Time.GetElapsedTime(_startedTimestamp);

    /// <summary>No trunk is usable: 503 at once, with the plan's reason.</summary>
    public void Refuse()
    {
        lock (_gate)
        {
            _finished = true;
        }

        Core.Statistics.CallRefused();
        var text = _plan.Refusal ?? "no usable trunk";
        Respond(503, "Service Unavailable", 503, text);
    }

    /// <summary>
    /// Sends the call to the next attempt of its plan that takes it; 503 when none is left. A gateway that has gone
    /// quiet under traffic (<see cref="GatewayPulse"/>) is put off to the end of the plan.
    /// </summary>
    public void StartNext()
    {
        while (true)
        {
            RouteAttempt route;
            lock (_gate)
            {
                if (_finished)
                {
                    return;
                }

                if (_next < _plan.Attempts.Count)
                {
                    route = _plan.Attempts[_next++];
                    if (_next < _plan.Attempts.Count && Core.Gateway(route.Gateway.Uri).Pulse.IsSilent(Core.Time, Core.Time.GetTimestamp()))
                    {
                        (_deferred ??= new List<RouteAttempt>(1)).Add(route);
                        continue;
                    }
                }
                else if (_deferred is { Count: > 0 })
                {
                    route = _deferred[0];
                    _deferred.RemoveAt(0);
                }
                else
                {
                    break;
                }
            }

            var counters = Core.Statistics.Trunk(route.Trunk.Name);
            counters.Load ??= route.Trunk.Load;
            if (!route.Trunk.Load.TryAcquire())
            {
                Interlocked.Increment(ref counters.Overflowed);
                AddRecord(new ProxyAttemptRecord(route.Trunk.Name, string.Empty, "overflow", 0, Elapsed, Elapsed));
                lock (_gate)
                {
                    _lastFailure ??= route.Trunk.Name + ": at its limits";
                }

                continue;
            }

            var gateway = Core.Gateway(route.Gateway.Uri);
            if (!gateway.IsUsable)
            {
                route.Trunk.Load.Release();
                AddRecord(new ProxyAttemptRecord(route.Trunk.Name, route.Gateway.Uri, "unusable", 0, Elapsed, Elapsed));
                lock (_gate)
                {
                    _lastFailure = route.Trunk.Name + ": " + gateway.Error;
                    _lastFailureCode = 503;
                }

                continue;
            }

            var attempt = new ProxyAttempt(this, route, gateway, counters, Elapsed, authorized: false);
            bool failover;
            lock (_gate)
            {
                if (_finished)
                {
                    route.Trunk.Load.Release();
                    return;
                }

                _current = attempt;
                failover = _sent++ > 0;
            }

            if (failover)
            {
                Core.Statistics.Failover();
            }

            Interlocked.Increment(ref counters.Attempts);
            Send(attempt, Core.BuildInvite(this, attempt));
            return;
        }

        AllFailed();
    }

    /// <summary>The dialer's CANCEL: stop failing over, cancel the pending branch, answer 487.</summary>
    public void Cancel()
    {
        SipClientTransaction? pending = null;
        var answerNow = false;
        lock (_gate)
        {
            if (_finished || _cancelled)
            {
                return;
            }

            _cancelled = true;
            if (_current is { } current)
            {
                current.CancelRequested = true;
                pending = current.Transaction;
            }
            else
            {
                _finished = true;
                answerNow = true;
            }
        }

        pending?.Cancel();
        if (answerNow)
        {
            Respond(487, "Request Terminated", 0, null);
        }
    }

    internal void OnProvisional(ProxyAttempt attempt, SipMessage response)
    {
        if (response.StatusCode == 100)
        {
            return;
        }

        lock (_gate)
        {
            if (attempt != _current || _finished)
            {
                return;
            }

            attempt.Ringing = true;
            _ringingForwarded = true;
        }

        attempt.StopProgressTimeout();

        var upstream = Core.ResponseUpstream(response, attempt);
        if (upstream is not null)
        {
            _server.SendResponse(upstream);
        }
    }

    internal void OnProgressTimeout(ProxyAttempt attempt)
    {
        SipClientTransaction? pending;
        lock (_gate)
        {
            if (attempt != _current || _finished || attempt.Ringing)
            {
                return;
            }

            pending = attempt.Transaction;
        }

        // 100 Trying and then nothing: the carrier took the call and did nothing with it. The attempt is over before
        // the CANCEL goes, so the 487 it brings back is not taken for the callee's answer.
        var limit = attempt.Route.Trunk.Config.ProgressTimeout ?? TimeSpan.Zero;
        if (!FinishAttempt(attempt, "timeout", 0, Signal.CallTimedOut(Core.Time.GetUtcNow(), limit), carrierFailure: true))
        {
            return;
        }

        Failover(attempt, 408, attempt.Route.Trunk.Name + ": no ringing within the progress timeout of " + Ms(limit), null);
        pending?.Cancel();
    }

    internal void OnRingLimit(ProxyAttempt attempt)
    {
        SipClientTransaction? pending;
        bool ringing;
        lock (_gate)
        {
            if (attempt != _current || _finished)
            {
                return;
            }

            pending = attempt.Transaction;
            ringing = attempt.Ringing;
        }

        // The attempt is over before the CANCEL goes: the 487 it brings back must not be taken for the callee's answer.
        var trunk = attempt.Route.Trunk.Config;
        var limit = trunk.RingLimit ?? TimeSpan.Zero;
        var first = ringing
            ? FinishAttempt(attempt, "no-answer", 408, Signal.CallCalleeResult(Core.Time.GetUtcNow(), 408, Core.Time.GetElapsedTime(attempt.SentAt)), carrierFailure: false)
            : FinishAttempt(attempt, "timeout", 0, Signal.CallTimedOut(Core.Time.GetUtcNow(), limit), carrierFailure: true);
        if (!first)
        {
            return;
        }

        if (ringing && !trunk.FailoverAfterRinging)
        {
            // The carrier did its job; the callee did not answer in time.
            Finish(attempt, 408, "Request Timeout", 408, attempt.Route.Trunk.Name + ": no answer within the ring limit of " + Ms(limit));
        }
        else
        {
            Failover(attempt, 408, attempt.Route.Trunk.Name + ": no final response within the ring limit of " + Ms(limit), null);
        }

        pending?.Cancel();
    }

    internal void OnCompleted(ProxyAttempt attempt, SipClientTransaction transaction, SipClientResult result)
    {
        attempt.StopTimers();
        var now = Core.Time.GetUtcNow();
        var trunk = attempt.Route.Trunk;
        switch (result.Outcome)
        {
            case SipClientOutcome.Response:
                OnFinalResponse(attempt, result.Response!, now);
                return;
            case SipClientOutcome.Timeout:
                if (FinishAttempt(attempt, "timeout", 0, Signal.CallTimedOut(now, transaction.Timeout), carrierFailure: true))
                {
                    Failover(attempt, 408, trunk.Name + ": no response in " + Ms(transaction.Timeout), null);
                }

                return;
            case SipClientOutcome.TransportError:
                if (FinishAttempt(attempt, "transport-error", 0, new Signal(SignalKind.Call, SignalOutcome.TransportError, now), carrierFailure: true))
                {
                    Failover(attempt, 503, trunk.Name + ": transport error (" + result.TransportFailure.Reason + ")", null);
                }

                return;
            default:
                // Given up after our own CANCEL (the dialer cancelled), or the layer is shutting down.
                if (FinishAttempt(attempt, "cancelled", 0, default, carrierFailure: false))
                {
                    Failover(attempt, 487, trunk.Name + ": cancelled", null);
                }

                return;
        }
    }

    private void OnFinalResponse(ProxyAttempt attempt, SipMessage response, DateTimeOffset now)
    {
        var code = response.StatusCode;
        var trunk = attempt.Route.Trunk;
        if (code < 300)
        {
            // The slot stays taken until the BYE (it carries the trunk in our Route); without Record-Route no BYE will
            // pass through us, so the slot is given back now.
            var first = attempt.TryFinish();
            if (first && !Core.RecordsRoute)
            {
                trunk.Load.Release();
            }

            if (first)
            {
                Interlocked.Increment(ref attempt.Counters.Answered);
                Core.Signals.Report(attempt.Route.Gateway.TargetId, Signal.CallAnswered(now, code, Core.Time.GetElapsedTime(attempt.SentAt)));
            }

            bool current;
            lock (_gate)
            {
                current = attempt == _current && !_finished;
                _finished = true;
            }

            if (!current)
            {
                // A late answer on a branch we had moved on from: pass it on, the dialer ends the extra dialog.
                if (!first && Core.RecordsRoute)
                {
                    trunk.Load.TryAcquire();
                }

                Core.ForwardByVia(response);
                return;
            }

            AddRecord(new ProxyAttemptRecord(trunk.Name, attempt.Gateway.Uri, "answered", code, attempt.Started, Elapsed));
            Core.Statistics.CallAnswered();
            var upstream = Core.ResponseUpstream(response, attempt);
            if (upstream is not null)
            {
                _server.SendResponse(upstream);
            }

            WriteRecord(code, response.ReasonPhrase.ToString());
            return;
        }

        if (code is 401 or 407 && !attempt.IsFinished && Core.TryAuthenticate(this, attempt, response))
        {
            return;
        }

        var outcome = CallOutcomes.Classify(code, trunk.Config);
        if (outcome == OutcomeClass.CarrierFailure)
        {
            if (FinishAttempt(attempt, "failed", code, Signal.CallCarrierFailure(now, code), carrierFailure: true))
            {
                Failover(attempt, code, trunk.Name + ": " + code.ToString(CultureInfo.InvariantCulture) + " " + response.ReasonPhrase.ToString(), response);
            }

            return;
        }

        if (!FinishAttempt(attempt, "callee", code, Signal.CallCalleeResult(now, code, Core.Time.GetElapsedTime(attempt.SentAt)), carrierFailure: false))
        {
            // The attempt was already over (ring limit): this is the answer to our own CANCEL.
            return;
        }

        lock (_gate)
        {
            if (attempt != _current || _finished)
            {
                return;
            }

            _finished = true;
        }

        if (_cancelled && code != 487)
        {
            Respond(487, "Request Terminated", 0, null);
            return;
        }

        var back = Core.ResponseUpstream(response, attempt);
        if (back is not null)
        {
            _server.SendResponse(back);
        }

        WriteRecord(code, response.ReasonPhrase.ToString());
    }

    /// <summary>Sends the INVITE of an attempt; a failure to build it counts as a failed attempt.</summary>
    internal void Send(ProxyAttempt attempt, SipMessage? invite)
    {
        if (invite is null)
        {
            if (FinishAttempt(attempt, "unusable", 0, default, carrierFailure: false))
            {
                Failover(attempt, 500, attempt.Route.Trunk.Name + ": the request could not be forwarded", null);
            }

            return;
        }

        attempt.Sent = invite;
        if (attempt.Route.Trunk.Config.RingLimit is { } ringLimit)
        {
            attempt.ArmRingLimit(Core.Time, ringLimit);
        }

        if (attempt.Route.Trunk.Config.ProgressTimeout is { } progressTimeout
            && (attempt.Route.Trunk.Config.RingLimit is not { } ring || progressTimeout < ring))
        {
            attempt.ArmProgressTimeout(Core.Time, progressTimeout);
        }

        attempt.SentAt = Core.Time.GetTimestamp();
        attempt.Gateway.Pulse.Sent(attempt.SentAt);
        var transaction = Core.SendInvite(invite, attempt);
        bool cancel;
        lock (_gate)
        {
            attempt.Transaction = transaction;
            cancel = attempt.CancelRequested;
        }

        if (cancel)
        {
            transaction.Cancel();
        }
    }

    /// <summary>Replaces the current attempt by its authenticated resend (same trunk slot).</summary>
    internal bool Replace(ProxyAttempt old, ProxyAttempt replacement)
    {
        lock (_gate)
        {
            if (old != _current || _finished || _cancelled)
            {
                return false;
            }

            _current = replacement;
        }

        return true;
    }

    /// <summary>Ends an attempt once (slot back, counted, signalled, recorded); false when it had already ended.</summary>
    private bool FinishAttempt(ProxyAttempt attempt, string outcome, int code, Signal signal, bool carrierFailure)
    {
        if (!attempt.TryFinish())
        {
            return false;
        }

        attempt.Route.Trunk.Load.Release();
        if (carrierFailure)
        {
            Interlocked.Increment(ref attempt.Counters.Failed);
        }

        if (signal.At != default)
        {
            Core.Signals.Report(attempt.Route.Gateway.TargetId, signal);
        }

        AddRecord(new ProxyAttemptRecord(attempt.Route.Trunk.Name, attempt.Gateway.Uri, outcome, code, attempt.Started, Elapsed));
        return true;
    }

    private void Failover(ProxyAttempt attempt, int code, string failure, SipMessage? response)
    {
        var next = false;
        var cancelled = false;
        var passBack = false;
        lock (_gate)
        {
            if (attempt != _current || _finished)
            {
                return;
            }

            _lastFailure = failure;
            _lastFailureCode = code;
            _current = null;
            if (_cancelled)
            {
                _finished = true;
                cancelled = true;
            }
            else if (_ringingForwarded && !attempt.Route.Trunk.Config.FailoverAfterRinging)
            {
                _finished = true;
                passBack = true;
            }
            else
            {
                next = true;
            }
        }

        if (cancelled)
        {
            Respond(487, "Request Terminated", 0, null);
        }
        else if (passBack)
        {
            // The dialer has heard it ring: the failure goes back as it is, no second carrier rings the callee.
            var upstream = response is null ? null : Core.ResponseUpstream(response, attempt);
            if (upstream is not null)
            {
                _server.SendResponse(upstream);
                WriteRecord(response!.StatusCode, response.ReasonPhrase.ToString());
            }
            else
            {
                Respond(code is >= 400 and < 700 ? code : 503, null, code, failure);
            }
        }
        else if (next)
        {
            StartNext();
        }
    }

    private void AllFailed()
    {
        string? failure;
        int code;
        int sent;
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            failure = _lastFailure;
            code = _lastFailureCode;
            sent = _sent;
        }

        if (sent == 0)
        {
            // Every trunk was at its limits (or unusable): nothing was tried, the dialer learns it at once.
            Core.Statistics.CallRefused();
            Respond(503, "Service Unavailable", 503, failure ?? "no usable trunk");
            return;
        }

        Core.Statistics.CallFailed();
        Respond(503, "Service Unavailable", code is >= 300 and < 700 ? code : 503, "all trunks failed; last: " + failure);
    }

    private void Finish(ProxyAttempt attempt, int status, string reason, int cause, string text)
    {
        lock (_gate)
        {
            if (attempt != _current || _finished)
            {
                return;
            }

            _finished = true;
        }

        Respond(status, reason, cause, text);
    }

    /// <summary>Answers the dialer with a response of our own (with a Reason header when <paramref name="text"/> is set).</summary>
    private void Respond(int status, string? reason, int cause, string? text)
    {
        var builder = SipResponses.Create(_server.Request, status, reason);
        if (text is not null)
        {
            builder.AddReason("SIP", cause is >= 300 and < 700 ? cause : status, text);
        }

        _server.SendResponse(builder.Build());
        WriteRecord(status, text ?? reason);
    }

    private void AddRecord(in ProxyAttemptRecord record)
    {
        lock (_gate)
        {
            _tried.Add(record);
        }
    }

    private void WriteRecord(int code, string? reason)
    {
        var records = Core.Records;
        var elapsed = Elapsed;
        TimeSpan lastStart;
        lock (_gate)
        {
            // What failover added: from the first attempt's start to the last one's (0 for a call tried once).
            lastStart = _tried.Count == 0 ? TimeSpan.Zero : _tried[^1].Started - _tried[0].Started;
        }

        Core.Metrics?.RecordAddedDelay(lastStart);
        if (records is null)
        {
            return;
        }

        string json;
        lock (_gate)
        {
            json = TriedJson(_tried);
        }

        records.Write(new CallRecord(_startedAt, _server.Request.CallId.ToString(), _dialed, _plan.Normalized, json, code, reason, elapsed));
    }

    private static string TriedJson(List<ProxyAttemptRecord> tried)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var t in tried)
            {
                json.WriteStartObject();
                json.WriteString("trunk", t.Trunk);
                if (t.Gateway.Length > 0)
                {
                    json.WriteString("gateway", t.Gateway);
                }

                json.WriteString("outcome", t.Outcome);
                if (t.Code != 0)
                {
                    json.WriteNumber("code", t.Code);
                }

                json.WriteNumber("startMs", Math.Round(t.Started.TotalMilliseconds, 1));
                json.WriteNumber("endMs", Math.Round(t.Ended.TotalMilliseconds, 1));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
