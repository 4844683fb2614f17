using System.Globalization;
using Makoto.Reporting.Api;

namespace Makoto.Plugins.Live.VisitorLog;

/// <summary>
/// <c>flat=1</c> of the visitor log (Matomo's Visitor::flattenVisitorDetailsArray): the goals,
/// URLs, titles, site search keywords and event fields of the actions are copied into the visit as
/// numbered keys (<c>pageUrl__1</c>, <c>visitConvertedGoalId__1</c>), with the entry and exit page.
/// </summary>
internal static class VisitFlattener
{
    private const string Separator = "__";

    private static readonly string[] s_copied = ["pageTitle", "siteSearchKeyword", "eventCategory", "eventAction", "eventName", "eventValue"];

    public static PlainObject Flatten(PlainObject visit)
    {
        var actions = (List<PlainObject>)visit["actionDetails"]!;
        var count = 1;
        foreach (var action in actions)
        {
            if (!Php.Empty(action.GetValueOrDefault("goalId")))
            {
                visit["visitConvertedGoalId" + Separator + Number(count++)] = action["goalId"];
            }
        }

        count = 1;
        foreach (var action in actions)
        {
            var urlKey = action.GetValueOrDefault("type") switch
            {
                "outlink" => "outlinkUrl",
                "download" => "downloadUrl",
                "event" => "eventUrl",
                "action" => "pageUrl",
                _ => null,
            };
            if (urlKey is not null && !Php.Empty(action.GetValueOrDefault("url")))
            {
                visit[urlKey + Separator + Number(count)] = action["url"];
            }

            foreach (var key in s_copied)
            {
                if (!Php.Empty(action.GetValueOrDefault(key)))
                {
                    visit[key + Separator + Number(count)] = action[key];
                }
            }

            count++;
        }

        PlainObject? entry = null, exit = null;
        foreach (var action in actions)
        {
            if (Equals(action.GetValueOrDefault("type"), "action"))
            {
                entry ??= action;
                exit = action;
            }
        }

        CopyIfSet(visit, "entryPageTitle", entry, "pageTitle");
        CopyIfSet(visit, "entryPageUrl", entry, "url");
        CopyIfSet(visit, "exitPageTitle", exit, "pageTitle");
        CopyIfSet(visit, "exitPageUrl", exit, "url");
        return visit;
    }

    private static void CopyIfSet(PlainObject visit, string key, PlainObject? action, string from)
    {
        if (action is not null && !Php.Empty(action.GetValueOrDefault(from)))
        {
            visit[key] = action[from];
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
