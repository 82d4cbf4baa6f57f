using Lifeline.Cli.Api;

namespace Lifeline.Cli.Tests.Api;

public sealed class EventCursorTests
{
    [Theory]
    [InlineData("t120a45", 120, 45)]
    [InlineData("t0a7", 0, 7)]
    [InlineData("t9a0", 9, 0)]
    public void TryParse_WhatToStringWrites_RoundTrips(string text, long transitions, long actions)
    {
        EventCursor.TryParse(text, out var cursor).ShouldBeTrue();

        cursor.ShouldBe(new EventCursor(transitions, actions));
        cursor.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("t12")]
    [InlineData("ta4")]
    [InlineData("t-1a4")]
    [InlineData("t1a")]
    [InlineData("t1a2x")]
    [InlineData("a1t2")]
    public void TryParse_Garbage_False(string text) => EventCursor.TryParse(text, out _).ShouldBeFalse();
}
