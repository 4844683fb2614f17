using Makoto.Tracking.Requests;

namespace Makoto.LogImport.Tests;

/// <summary>An importer whose store fails stops with the store's error instead of waiting for ever.</summary>
public sealed class ImporterFailureTests
{
    private sealed class FailingSink : IHitSink
    {
        public int Batches;

        public Task<SinkOutcome> SendAsync(IReadOnlyList<TrackingParameters> hits, CancellationToken cancellation)
        {
            if (Interlocked.Increment(ref Batches) >= 2)
            {
                throw new InvalidOperationException("disk full");
            }

            return Task.FromResult(new SinkOutcome(hits.Count, [], []));
        }
    }

    private sealed class OneSite : ISiteDirectory
    {
        public Task<string?> MainUrlAsync(int idSite, CancellationToken cancellation) => Task.FromResult<string?>("https://www.example.com");

        public Task<(int IdSite, string MainUrl)?> FindByHostAsync(string host, CancellationToken cancellation) =>
            Task.FromResult<(int, string)?>((1, "https://www.example.com"));

        public Task<int> AddSiteAsync(string host, CancellationToken cancellation) => Task.FromResult(1);
    }

    [Fact]
    public async Task A_store_that_fails_mid_import_stops_the_import_with_its_error()
    {
        var file = Path.Combine(Path.GetTempPath(), "makoto-failing-" + Guid.NewGuid().ToString("N") + ".log");
        // Far more lines than the lanes' queues hold: a reader that is not told of the failure would block.
        var lines = Enumerable.Range(0, 5000).Select(i =>
            $"192.0.2.{i % 250} - - [01/Mar/2024:10:{i / 100 % 60:00}:{i % 60:00} +0000] \"GET /page-{i} HTTP/1.1\" 200 1000 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0\"");
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);
        try
        {
            var sink = new FailingSink();
            var importer = new LogImporter(new ImportOptions { Files = [file], IdSite = 1, Recorders = 1, BatchSize = 10 }, sink, new OneSite(), ledger: null);
            var run = importer.RunAsync(TestContext.Current.CancellationToken);
            var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
            Assert.Same(run, finished);
            var error = await Assert.ThrowsAsync<ImportException>(() => run);
            Assert.Contains("disk full", error.Message, StringComparison.Ordinal);
            Assert.Equal(10, importer.Statistics.Recorded);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
