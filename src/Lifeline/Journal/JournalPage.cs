namespace Lifeline.Journal;

/// <summary>
/// One page of rows, newest first. Pass <see cref="NextBeforeId"/> as the next call's <c>beforeId</c>
/// to read older rows; it is null when there are none.
/// </summary>
internal sealed record JournalPage<T>(IReadOnlyList<T> Items, long? NextBeforeId);
