using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// The periods an evolution graph shows: the selected period and those before it of the same kind (30
/// days, 26 weeks, 24 months or 10 years), or the days of a range (its weeks or months when it is long),
/// asked for as one multi-period API call (<c>period=day&amp;date=2025-05-05,2025-06-03</c>).
/// </summary>
public static class EvolutionWindow
{
    public static (string Period, string Date) For(Period selected)
    {
        string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return selected.Type switch
        {
            PeriodType.Day => ("day", Day(selected.Start.AddDays(-29)) + "," + Day(selected.Start)),
            PeriodType.Week => ("week", Day(selected.Start.AddDays(-7 * 25)) + "," + Day(selected.Start)),
            PeriodType.Month => ("month", Day(selected.Start.AddMonths(-23)) + "," + Day(selected.Start)),
            PeriodType.Year => ("year", Day(selected.Start.AddYears(-9)) + "," + Day(selected.Start)),
            _ when selected.DayCount <= 92 => ("day", Day(selected.Start) + "," + Day(selected.End)),
            _ when selected.DayCount <= 730 => ("week", Day(selected.Start) + "," + Day(selected.End)),
            _ => ("month", Day(selected.Start) + "," + Day(selected.End)),
        };
    }

    /// <summary>The entries of a multi-period answer with a short label for each period.</summary>
    public static List<(string Label, DataTable Table)> Entries(DataTableMap map)
    {
        var result = new List<(string, DataTable)>();
        foreach (var (key, value) in map.Entries)
        {
            if (value is DataTable table)
            {
                result.Add((Label(key), table));
            }
        }

        return result;
    }

    /// <summary><c>2025-06-03</c> → Jun 3, <c>2025-06-02,2025-06-08</c> → Jun 2, <c>2025-06</c> → Jun 2025, <c>2025</c> → 2025.</summary>
    public static string Label(string key)
    {
        var culture = CultureInfo.InvariantCulture;
        var first = key.Split(',')[0];
        if (DateOnly.TryParseExact(first, "yyyy-MM-dd", culture, DateTimeStyles.None, out var day))
        {
            return day.ToString("MMM d", culture);
        }

        if (DateOnly.TryParseExact(first, "yyyy-MM", culture, DateTimeStyles.None, out var month))
        {
            return month.ToString("MMM yyyy", culture);
        }

        return first;
    }

    /// <summary>Every n-th label is kept so that at most <paramref name="max"/> are written under a graph.</summary>
    public static string[] Thin(IReadOnlyList<string> labels, int max = 10)
    {
        var step = Math.Max(1, (int)Math.Ceiling(labels.Count / (double)max));
        var result = new string[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            result[i] = (labels.Count - 1 - i) % step == 0 ? labels[i] : "";
        }

        return result;
    }
}
