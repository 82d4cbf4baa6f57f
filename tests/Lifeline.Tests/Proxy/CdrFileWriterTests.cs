using Lifeline.Journal;
using Lifeline.Proxy;

namespace Lifeline.Tests.Proxy;

public sealed class CdrFileWriterTests
{
    [Fact]
    public async Task TryWrite_TwoCalls_FileHasTheHeaderAndOneQuotedLinePerCall()
    {
        var path = Path.Combine(Path.GetTempPath(), "lifeline-cdr-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var writer = CdrFileWriter.Start(path);
            var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
            writer.TryWrite(new CallRecord(at, "c1@dialer", "915551234567", "15551234567", "[{\"trunk\":\"primary\",\"outcome\":\"answered\",\"code\":200}]", 200, "OK", TimeSpan.FromMilliseconds(23.4))).ShouldBeTrue();
            writer.TryWrite(new CallRecord(at, "c2@dialer", "915551234568", "15551234568", "[]", 503, "all trunks failed; last: backup, 503", TimeSpan.FromMilliseconds(5))).ShouldBeTrue();
            await writer.DisposeAsync();

            var lines = await File.ReadAllLinesAsync(path);

            lines.ShouldBe(
            [
                CdrFileWriter.Header,
                "2026-01-02T03:04:05.678Z,c1@dialer,915551234567,15551234567,200,OK,23.4,\"[{\"\"trunk\"\":\"\"primary\"\",\"\"outcome\"\":\"\"answered\"\",\"\"code\"\":200}]\"",
                "2026-01-02T03:04:05.678Z,c2@dialer,915551234568,15551234568,503,\"all trunks failed; last: backup, 503\",5,[]",
            ]);
            writer.Dropped.ShouldBe(0);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
