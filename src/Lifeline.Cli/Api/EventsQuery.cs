using System.Text.Json;
using Lifeline.Journal;

namespace Lifeline.Cli.Api;

/// <summary>
/// <c>GET /api/events</c>: the journal's transitions and operator actions merged into one list, newest first, paged
/// with an <see cref="EventCursor"/>. At equal times a transition comes before the action that caused it.
/// </summary>
internal static class EventsQuery
{
    public const int DefaultLimit = 100;

    public static EventsResponse Read(JournalReader reader, string? target, EventCursor? before, int limit)
    {
        var transitions = before is { TransitionsBefore: 0 }
            ? new JournalPage<JournalTransition>([], null)
            : reader.ReadTransitions(target, before?.TransitionsBefore, limit);
        var actions = before is { ActionsBefore: 0 }
            ? new JournalPage<JournalOperatorAction>([], null)
            : reader.ReadOperatorActions(target, before?.ActionsBefore, limit);

        var events = new List<EventItem>(limit);
        int i = 0, j = 0;
        while (events.Count < limit && (i < transitions.Items.Count || j < actions.Items.Count))
        {
            if (j >= actions.Items.Count || (i < transitions.Items.Count && transitions.Items[i].At >= actions.Items[j].At))
            {
                events.Add(FromTransition(transitions.Items[i++]));
            }
            else
            {
                events.Add(FromAction(actions.Items[j++]));
            }
        }

        var moreTransitions = i < transitions.Items.Count || transitions.NextBeforeId is not null;
        var moreActions = j < actions.Items.Count || actions.NextBeforeId is not null;
        if (!moreTransitions && !moreActions)
        {
            return new EventsResponse(events, null);
        }

        var next = new EventCursor(
            NextBefore(moreTransitions, i, transitions.Items, before?.TransitionsBefore, t => t.Id),
            NextBefore(moreActions, j, actions.Items, before?.ActionsBefore, a => a.Id));
        return new EventsResponse(events, next.ToString());
    }

    private static long NextBefore<T>(bool more, int consumed, IReadOnlyList<T> items, long? previous, Func<T, long> idOf)
    {
        if (!more)
        {
            return 0;
        }

        if (consumed > 0)
        {
            return idOf(items[consumed - 1]);
        }

        // Nothing of this table made it onto the page: the next page starts where this one did.
        return previous ?? idOf(items[0]) + 1;
    }

    private static EventItem FromTransition(JournalTransition t) => new()
    {
        Id = "t" + t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kind = "transition",
        At = t.At,
        Target = t.TargetId,
        TargetKind = t.TargetKind,
        From = t.FromState,
        To = t.ToState,
        Reason = t.Reason,
        Evidence = ParseEvidence(t.EvidenceJson),
    };

    private static EventItem FromAction(JournalOperatorAction a) => new()
    {
        Id = "a" + a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kind = "operator",
        At = a.At,
        Target = a.TargetId,
        Actor = a.Actor,
        Action = a.Action,
        Detail = a.Detail,
    };

    private static JsonElement? ParseEvidence(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Written by someone else (sqlite3 by hand); show the event without it rather than fail the page.
            return null;
        }
    }
}
