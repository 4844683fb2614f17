using System.Globalization;
using Makoto.Core.Periods;
using Makoto.Reporting.Metrics;
using Microsoft.AspNetCore.WebUtilities;

namespace Makoto.Web.Ui.Services;

/// <summary>A website the user can see, as the site selector and the pages need it.</summary>
public sealed record SiteSummary(int IdSite, string Name, string MainUrl, string Currency, bool Ecommerce, string Timezone, DateOnly Today)
{
    public string CurrencySymbol => CurrencySymbols.For(Currency);
}

/// <summary>
/// What the report pages show: the site, the period and date as Matomo writes them in URLs
/// (<c>period=day&amp;date=yesterday</c>), the segment, and the period compared with, if any. It lives in
/// the page address, so every view can be bookmarked and shared.
/// </summary>
public sealed record ViewContext
{
    /// <summary>Matomo's default report date.</summary>
    public const string DefaultDate = "yesterday";

    public const string DefaultPeriod = "day";

    public required SiteSummary Site { get; init; }

    public required IReadOnlyList<SiteSummary> Sites { get; init; }

    public required string Period { get; init; }

    public required string Date { get; init; }

    public string Segment { get; init; } = "";

    /// <summary><c>previous</c> (the period before) or <c>year</c> (the same period a year earlier); empty for no comparison.</summary>
    public string Compare { get; init; } = "";

    public int IdSite => Site.IdSite;

    /// <summary>The selected period with "today" and "yesterday" resolved in the site's timezone.</summary>
    public Period Selected => Parse(Period, Date, Site.Today) ?? Makoto.Core.Periods.Period.Day(Site.Today.AddDays(-1));

    /// <summary>The period compared with, or null.</summary>
    public Period? Compared => Compare switch
    {
        "previous" => PreviousOf(Selected),
        "year" => YearBefore(Selected),
        _ => null,
    };

    /// <summary>The period and date parameters of the compared period.</summary>
    public (string Period, string Date)? ComparedParameters => Compared is { } compared ? (Period, DateParameter(compared)) : null;

    /// <summary>The parameters every report call takes: idSite, period, date and segment.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ApiParameters(string? period = null, string? date = null)
    {
        yield return KeyValuePair.Create<string, string?>("idSite", IdSite.ToString(CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create<string, string?>("period", period ?? Period);
        yield return KeyValuePair.Create<string, string?>("date", date ?? Date);
        if (Segment.Length > 0)
        {
            yield return KeyValuePair.Create<string, string?>("segment", Segment);
        }
    }

    /// <summary>The period before a period of the same length (for a range, the same number of days before it).</summary>
    public static Period PreviousOf(Period period) =>
        period.Type == PeriodType.Range
            ? Makoto.Core.Periods.Period.Range(period.Start.AddDays(-period.DayCount), period.Start.AddDays(-1))
            : period.Previous();

    public static Period YearBefore(Period period) => period.Type switch
    {
        PeriodType.Range => Makoto.Core.Periods.Period.Range(period.Start.AddYears(-1), period.End.AddYears(-1)),
        _ => Makoto.Core.Periods.Period.Containing(period.Type, period.Start.AddYears(-1)),
    };

    /// <summary>The <c>date</c> parameter that selects <paramref name="period"/>: its first day, or <c>start,end</c> for a range.</summary>
    public static string DateParameter(Period period) =>
        period.Type == PeriodType.Range ? period.Key : period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A single period from the period and date parameters, or null when they do not select exactly one.</summary>
    public static Period? Parse(string period, string date, DateOnly today)
    {
        try
        {
            var selection = PeriodSelection.Parse(period, date, today);
            return selection.IsMultiple ? null : selection.Single;
        }
        catch (PeriodFormatException)
        {
            return null;
        }
    }

    /// <summary>The address of <paramref name="path"/> with this view's parameters, some replaced (a null value removes one).</summary>
    public string Link(string path, params (string Name, string? Value)[] overrides)
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new("idSite", IdSite.ToString(CultureInfo.InvariantCulture)),
            new("period", Period),
            new("date", Date),
        };
        if (Segment.Length > 0)
        {
            query.Add(new("segment", Segment));
        }

        if (Compare.Length > 0)
        {
            query.Add(new("compare", Compare));
        }

        foreach (var (name, value) in overrides)
        {
            query.RemoveAll(p => p.Key == name);
            if (value is not null)
            {
                query.Add(new(name, value));
            }
        }

        return QueryHelpers.AddQueryString(path, query);
    }

    /// <summary>
    /// The current page (<paramref name="currentUri"/>) again with this view's parameters and the page's own
    /// query parameters kept, some replaced (a null value removes one).
    /// </summary>
    public string Relink(string currentUri, params (string Name, string? Value)[] overrides)
    {
        var uri = new Uri(currentUri);
        var own = QueryHelpers.ParseQuery(uri.Query)
            .Where(kv => !IsViewParameter(kv.Key))
            .Select(kv => (kv.Key, (string?)kv.Value.ToString()));
        return Link(uri.AbsolutePath, [.. own, .. overrides]);
    }

    public static bool IsViewParameter(string name) => name is "idSite" or "period" or "date" or "segment" or "compare";

    /// <summary>A person's description of a period: <c>Tuesday, June 3, 2025</c>, <c>Week of June 2, 2025</c>, <c>June 2025</c>, <c>2025</c>, <c>June 1, 2025 – June 30, 2025</c>.</summary>
    public static string Describe(Period period)
    {
        var culture = CultureInfo.InvariantCulture;
        return period.Type switch
        {
            PeriodType.Day => period.Start.ToString("dddd, MMMM d, yyyy", culture),
            PeriodType.Week => "Week " + period.Start.ToString("MMMM d", culture) + " – " + period.End.ToString("MMMM d, yyyy", culture),
            PeriodType.Month => period.Start.ToString("MMMM yyyy", culture),
            PeriodType.Year => period.Start.ToString("yyyy", culture),
            _ => period.Start.ToString("MMMM d, yyyy", culture) + " – " + period.End.ToString("MMMM d, yyyy", culture),
        };
    }

    /// <summary>A short label of a period for chart axes: <c>Jun 3</c>, <c>Jun 2</c> (week), <c>Jun 2025</c>, <c>2025</c>.</summary>
    public static string ShortLabel(Period period)
    {
        var culture = CultureInfo.InvariantCulture;
        return period.Type switch
        {
            PeriodType.Day or PeriodType.Week => period.Start.ToString("MMM d", culture),
            PeriodType.Month => period.Start.ToString("MMM yyyy", culture),
            PeriodType.Year => period.Start.ToString("yyyy", culture),
            _ => period.Start.ToString("MMM d", culture) + "–" + period.End.ToString("MMM d", culture),
        };
    }
}
