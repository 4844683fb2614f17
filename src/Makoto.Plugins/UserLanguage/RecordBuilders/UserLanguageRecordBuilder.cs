using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.UserLanguage.RecordBuilders;

/// <summary>
/// Visits by browser language (metrics-and-archiving.md §4): grouped by the stored
/// <c>location_browser_lang</c> and summed into one row per language (<c>de</c>) and one per language
/// code (<c>de-at</c>; <c>de-de</c> counts as <c>de</c>). Labels are codes; the API names them.
/// </summary>
internal sealed class UserLanguageRecordBuilder : IRecordBuilder
{
    public const string LanguageRecord = "UserLanguage_language";
    public const string LanguageCodeRecord = "UserLanguage_language_code";

    public string Plugin => "UserLanguage";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = ["idvisitor", "user_id", "visit_total_actions", "visit_total_time", "visit_goal_converted", "location_browser_lang"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } = [new TableRecord(LanguageRecord), new TableRecord(LanguageCodeRecord)];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    /// <summary>A language code without a region that only repeats the language (<c>fr-fr</c> → <c>fr</c>).</summary>
    public static string CodeKey(string stored)
    {
        var code = BrowserLanguages.LanguageAndRegion(stored);
        var dash = code.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && code.AsSpan(0, dash).SequenceEqual(code.AsSpan(dash + 1)) ? code[..dash] : code;
    }

    private sealed class Day : IDayAggregator
    {
        private readonly VisitsByDimension<string> _visits = new(StringComparer.Ordinal);

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is { } visit)
            {
                _visits.Add(visit.LocationBrowserLang ?? "", visit);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            var languages = new TableAccumulator();
            _visits.AddTo(languages, BrowserLanguages.Language);
            records.SetTable(LanguageRecord, languages.ToTable());

            var codes = new TableAccumulator();
            _visits.AddTo(codes, CodeKey);
            records.SetTable(LanguageCodeRecord, codes.ToTable());
        }
    }
}
