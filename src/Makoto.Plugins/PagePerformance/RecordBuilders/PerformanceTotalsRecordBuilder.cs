using Makoto.Archiving;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.PagePerformance.RecordBuilders;

/// <summary>
/// The page performance totals of a day (metrics-and-archiving.md §4, row PagePerformance): per timing
/// the sum of its milliseconds and the number of hits that have it, and for the whole page load the
/// sum of all six timings over the hits that have any, with their count. Periods add them up.
/// </summary>
internal sealed class PerformanceTotalsRecordBuilder : IRecordBuilder
{
    /// <summary>Matomo's record names per timing (sum, hits), in the order of <see cref="ActionRow"/>'s time columns below.</summary>
    public static readonly (string Time, string Hits)[] Timings =
    [
        ("PagePerformance_network_time", "PagePerformance_network_hits"),
        ("PagePerformance_servery_time", "PagePerformance_server_hits"),
        ("PagePerformance_transfer_time", "PagePerformance_transfer_hits"),
        ("PagePerformance_domprocessing_time", "PagePerformance_domprocessing_hits"),
        ("PagePerformance_domcompletion_time", "PagePerformance_domcompletion_hits"),
        ("PagePerformance_onload_time", "PagePerformance_onload_hits"),
    ];

    public const string PageLoadTime = "PagePerformance_pageload_time";
    public const string PageLoadHits = "PagePerformance_pageload_hits";

    public string Plugin => "PagePerformance";

    public LogNeeds Needs { get; } = new()
    {
        ActionColumns = ["time_network", "time_server", "time_transfer", "time_dom_processing", "time_dom_completion", "time_on_load"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } =
    [
        .. Timings.SelectMany(t => new ArchiveRecord[] { new NumericRecord(t.Time), new NumericRecord(t.Hits) }),
        new NumericRecord(PageLoadTime),
        new NumericRecord(PageLoadHits),
    ];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    private sealed class Day : IDayAggregator
    {
        private readonly long[] _sums = new long[Timings.Length];
        private readonly long[] _hits = new long[Timings.Length];
        private long _pageLoadSum;
        private long _pageLoadHits;

        public void OnVisit(VisitLog visit)
        {
            foreach (var action in visit.Actions)
            {
                var any = Add(0, action.TimeNetwork) | Add(1, action.TimeServer) | Add(2, action.TimeTransfer)
                    | Add(3, action.TimeDomProcessing) | Add(4, action.TimeDomCompletion) | Add(5, action.TimeOnLoad);
                if (any)
                {
                    _pageLoadHits++;
                }
            }
        }

        public void Finish(ArchiveRecords records)
        {
            for (var i = 0; i < Timings.Length; i++)
            {
                records.SetNumeric(Timings[i].Time, _sums[i]);
                records.SetNumeric(Timings[i].Hits, _hits[i]);
            }

            records.SetNumeric(PageLoadTime, _pageLoadSum);
            records.SetNumeric(PageLoadHits, _pageLoadHits);
        }

        private bool Add(int index, long? milliseconds)
        {
            if (milliseconds is not { } value)
            {
                return false;
            }

            _sums[index] += value;
            _hits[index]++;
            _pageLoadSum += value;
            return true;
        }
    }
}
