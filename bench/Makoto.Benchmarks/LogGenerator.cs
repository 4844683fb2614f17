using System.Globalization;
using Makoto.Core.Sites;
using Makoto.Storage;
using Makoto.Storage.Goals;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Benchmarks;

/// <summary>
/// Writes realistic generated days straight into the log tables, as issue 4 describes them: per visit
/// about four actions (page views over 2,000 URLs with titles and timings, downloads, outlinks, site
/// searches, events), varied browsers, systems, devices, countries, languages, resolutions and
/// referrers, goal conversions on 5 % of visits and orders with ecommerce items on half of those.
/// The same seed gives the same day. Names are inserted once per generator (one per log_action entry).
/// </summary>
internal sealed class LogGenerator
{
    private static readonly string[] s_browsers = ["CH", "CH", "CH", "FF", "SF", "SF", "EG", "OP", "SM"];
    private static readonly string[] s_systems = ["WIN", "WIN", "MAC", "LIN", "AND", "AND", "IOS", "IOS"];
    private static readonly string[] s_resolutions = ["1920x1080", "1366x768", "1536x864", "2560x1440", "390x844", "412x915", "360x800", "768x1024"];
    private static readonly string[] s_languages = ["en-us", "en-gb", "de-de", "fr-fr", "es-es", "it-it", "ja-jp", "pt-br", "nl-nl", "pl-pl"];
    private static readonly string[] s_countries = ["us", "us", "us", "de", "gb", "fr", "jp", "br", "in", "ca", "au", "es", "it", "nl", "pl", "se", "mx", "kr", "ch", "at"];
    private static readonly string[] s_engines = ["Google", "Google", "Google", "Bing", "DuckDuckGo", "Yahoo!", "Ecosia"];
    private static readonly string[] s_websites = ["news.example.net", "blog.example.org", "forum.example.com", "reddit.com", "github.com", "stackoverflow.com"];

    private readonly long[] _urls = new long[2000];
    private readonly long[] _titles = new long[2000];
    private readonly long[] _downloads;
    private readonly long[] _outlinks;
    private readonly long[] _keywords;
    private readonly long[] _skus;
    private readonly long[] _products;
    private readonly long[] _categories;
    private readonly long _eventCategory;
    private readonly long _eventAction;
    private readonly Site _site;

    private LogGenerator(IDatabase database, Site site)
    {
        _site = site;
        using var log = database.CreateLogWriter();
        log.Begin();
        for (var i = 0; i < _urls.Length; i++)
        {
            var name = $"example.com/section-{i / 100}/page-{i % 100}";
            _urls[i] = Insert(log, 1, name, 3);
            _titles[i] = Insert(log, 4, $"Section {i / 100} / Page {i % 100}", null);
        }

        _downloads = Names(log, 3, 50, i => $"https://cdn.example.com/files/file-{i}.pdf");
        _outlinks = Names(log, 2, 100, i => $"https://partner-{i % 20}.example.net/page-{i}");
        _keywords = Names(log, 8, 300, i => $"keyword {i}");
        _skus = Names(log, 5, 200, i => $"SKU-{i:D4}");
        _products = Names(log, 6, 200, i => $"Product {i}");
        _categories = Names(log, 7, 12, i => $"Category {i}");
        _eventCategory = Insert(log, 10, "Video", null);
        _eventAction = Insert(log, 11, "Play", null);
        log.Commit();
    }

    public Site Site => _site;

    /// <summary>A website in UTC with ecommerce, a URL goal and a manual goal, and the generator's names.</summary>
    public static LogGenerator Create(IServiceProvider provider)
    {
        var sites = provider.GetRequiredService<SiteStore>();
        var id = sites.Add(new Site { IdSite = 0, Name = "Bench", MainUrl = "https://www.example.com", TsCreated = new DateTime(2020, 1, 1), Timezone = "UTC", Ecommerce = true });
        var goals = provider.GetRequiredService<GoalStore>();
        goals.Add(new Goal { IdSite = id, IdGoal = 0, Name = "Thanks", MatchAttribute = "url", Pattern = "/thanks", Revenue = 10 });
        goals.Add(new Goal { IdSite = id, IdGoal = 0, Name = "Newsletter", MatchAttribute = "manually", AllowMultiple = true, Revenue = 3 });
        return new LogGenerator(provider.GetRequiredService<IDatabase>(), sites.Get(id)!);
    }

    /// <summary>Writes one day of <paramref name="visitCount"/> visits; returns the number of actions written.</summary>
    public long GenerateDay(IDatabase database, DateOnly day, int visitCount, int seed)
    {
        var random = new Random(seed);
        using var log = database.CreateLogWriter();
        log.Begin();
        long actions = 0;
        var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var visitors = Math.Max(1, visitCount * 7 / 10);
        for (var v = 0; v < visitCount; v++)
        {
            var first = start.AddSeconds(random.Next(0, 86_400 - 3600));
            var visitorNumber = random.Next(visitors);
            var visitor = BitConverter.GetBytes((long)visitorNumber + ((long)seed << 32));
            var count = Math.Max(1, (int)Math.Round(-Math.Log(1 - random.NextDouble()) * 4));
            var system = s_systems[random.Next(s_systems.Length)];
            var mobile = system is "AND" or "IOS";
            var visit = new VisitRow
            {
                IdSite = _site.IdSite,
                IdVisitor = visitor,
                ConfigId = BitConverter.GetBytes(random.NextInt64()),
                LocationIp = [10, (byte)(visitorNumber >> 16), (byte)(visitorNumber >> 8), (byte)visitorNumber],
                LocationBrowserLang = s_languages[random.Next(s_languages.Length)],
                LocationCountry = s_countries[random.Next(s_countries.Length)],
                ConfigOs = system,
                ConfigOsVersion = (10 + random.Next(5)).ToString(CultureInfo.InvariantCulture),
                ConfigBrowserName = system == "IOS" ? "SF" : s_browsers[random.Next(s_browsers.Length)],
                ConfigBrowserVersion = (120 + random.Next(12)).ToString(CultureInfo.InvariantCulture) + ".0",
                ConfigBrowserEngine = "Blink",
                ConfigClientType = 1,
                ConfigDeviceType = mobile ? 1 : 0,
                ConfigDeviceBrand = system == "IOS" ? "AP" : mobile ? "SA" : "",
                ConfigDeviceModel = system == "IOS" ? "iPhone" : mobile ? "Galaxy S" + (20 + random.Next(5)).ToString(CultureInfo.InvariantCulture) : "",
                ConfigResolution = s_resolutions[random.Next(s_resolutions.Length)],
                ConfigCookie = 1,
                ConfigPdf = random.Next(2),
                VisitorLocaltime = TimeOnly.FromDateTime(first.AddHours(random.Next(-8, 9))),
                VisitFirstActionTime = first,
                VisitLastActionTime = first,
                VisitorCountVisits = 1 + random.Next(5),
                VisitorReturning = random.Next(3) == 0 ? 1 : 0,
                VisitTotalActions = 0,
                VisitTotalInteractions = 0,
                VisitTotalSearches = 0,
                VisitTotalEvents = 0,
                VisitGoalConverted = 0,
            };
            Referrer(random, visit);
            log.InsertVisit(visit);
            actions += WriteActions(log, random, visit, first, count);
            if (v % 5000 == 4999)
            {
                log.Commit();
                log.Begin();
            }
        }

        log.Commit();
        return actions;
    }

    private static void Referrer(Random random, VisitRow visit)
    {
        switch (random.Next(10))
        {
            case < 4:
                visit.RefererType = 1;
                break;
            case < 7:
                visit.RefererType = 2;
                visit.RefererName = s_engines[random.Next(s_engines.Length)];
                visit.RefererKeyword = random.Next(3) == 0 ? "Keyword not defined" : "coffee " + random.Next(200).ToString(CultureInfo.InvariantCulture);
                visit.RefererUrl = "https://www.google.com/search";
                break;
            case < 9:
                visit.RefererType = 3;
                visit.RefererName = s_websites[random.Next(s_websites.Length)];
                visit.RefererUrl = "https://" + visit.RefererName + "/post/" + random.Next(300).ToString(CultureInfo.InvariantCulture);
                break;
            default:
                visit.RefererType = 6;
                visit.RefererName = "campaign-" + random.Next(15).ToString(CultureInfo.InvariantCulture);
                visit.RefererKeyword = "variant-" + random.Next(4).ToString(CultureInfo.InvariantCulture);
                break;
        }
    }

    private long WriteActions(ILogWriter log, Random random, VisitRow visit, DateTime first, int count)
    {
        var time = first;
        long? exitUrl = null;
        long? exitName = null;
        var pageviews = 0;
        for (var a = 0; a < count; a++)
        {
            var gap = a == 0 ? 0 : random.Next(10, 120);
            time = time.AddSeconds(gap);
            var row = new ActionRow
            {
                IdSite = visit.IdSite,
                IdVisitor = visit.IdVisitor,
                IdVisit = visit.IdVisit,
                ServerTime = time,
                IdactionUrlRef = exitUrl ?? 0,
                IdactionNameRef = exitName,
                TimeSpentRefAction = gap,
                PageviewPosition = pageviews,
            };
            var kind = random.Next(100);
            if (kind < 80 || a == 0)
            {
                var page = (int)Math.Min(_urls.Length - 1, -Math.Log(1 - random.NextDouble()) * 300);
                row.IdactionUrl = _urls[page];
                row.IdactionName = _titles[page];
                row.PageviewPosition = ++pageviews;
                if (random.Next(4) == 0)
                {
                    row.TimeNetwork = random.Next(10, 200);
                    row.TimeServer = random.Next(50, 500);
                    row.TimeOnLoad = random.Next(5, 50);
                }

                exitUrl = row.IdactionUrl;
                exitName = row.IdactionName;
                visit.VisitEntryIdactionUrl ??= row.IdactionUrl;
                visit.VisitEntryIdactionName ??= row.IdactionName;
                visit.VisitTotalInteractions++;
            }
            else if (kind < 85)
            {
                row.IdactionUrl = _downloads[random.Next(_downloads.Length)];
                visit.VisitTotalInteractions++;
            }
            else if (kind < 90)
            {
                row.IdactionUrl = _outlinks[random.Next(_outlinks.Length)];
                visit.VisitTotalInteractions++;
            }
            else if (kind < 95)
            {
                row.IdactionName = _keywords[random.Next(_keywords.Length)];
                row.SearchCount = random.Next(3) == 0 ? 0 : random.Next(1, 30);
                row.SearchCat = random.Next(2) == 0 ? "Products" : null;
                exitUrl = null;
                exitName = row.IdactionName;
                visit.VisitTotalInteractions++;
                visit.VisitTotalSearches++;
            }
            else
            {
                row.IdactionUrl = exitUrl ?? _urls[0];
                row.IdactionEventCategory = _eventCategory;
                row.IdactionEventAction = _eventAction;
                row.CustomFloat = random.Next(1, 300);
                visit.VisitTotalEvents++;
            }

            log.InsertAction(row);
            visit.VisitTotalActions++;
        }

        visit.VisitLastActionTime = time;
        visit.VisitTotalTime = count == 1 ? 0 : 1 + (int)(time - first).TotalSeconds;
        visit.VisitExitIdactionUrl = exitUrl ?? 0;
        visit.VisitExitIdactionName = exitName;
        if (random.Next(20) == 0)
        {
            visit.VisitGoalConverted = 1;
            Convert(log, visit, idGoal: 1, revenue: 10, time, pageviews, items: null);
            if (random.Next(2) == 0)
            {
                visit.VisitGoalBuyer = 1;
                WriteOrder(log, random, visit, time, pageviews);
            }
        }

        log.UpdateVisit(visit);
        return count;
    }

    private void WriteOrder(ILogWriter log, Random random, VisitRow visit, DateTime time, int pageviews)
    {
        var idOrder = "order-" + visit.IdVisit.ToString(CultureInfo.InvariantCulture);
        var itemCount = 1 + random.Next(4);
        double revenue = 0;
        var first = random.Next(_skus.Length);
        for (var i = 0; i < itemCount; i++)
        {
            var product = (first + (i * 37)) % _skus.Length;
            var item = new ConversionItemRow
            {
                IdSite = visit.IdSite,
                IdVisitor = visit.IdVisitor,
                ServerTime = time,
                IdVisit = visit.IdVisit,
                IdOrder = idOrder,
                IdactionSku = _skus[product],
                IdactionName = _products[product],
                IdactionCategory = _categories[product % _categories.Length],
                Price = 5 + (product % 40),
                Quantity = 1 + random.Next(3),
            };
            revenue += item.Price * item.Quantity;
            log.InsertItem(item);
        }

        Convert(log, visit, idGoal: 0, revenue, time, pageviews, itemCount, idOrder);
    }

    private static void Convert(ILogWriter log, VisitRow visit, int idGoal, double revenue, DateTime time, int pageviews, int? items, string? idOrder = null) =>
        log.InsertConversion(new ConversionRow
        {
            IdVisit = visit.IdVisit,
            IdSite = visit.IdSite,
            IdVisitor = visit.IdVisitor,
            ServerTime = time,
            IdGoal = idGoal,
            IdOrder = idOrder,
            Buster = idGoal == 0 ? visit.IdVisit : 0,
            Revenue = revenue,
            RevenueSubtotal = idGoal == 0 ? revenue : null,
            Items = items,
            PageviewsBefore = pageviews,
            VisitorCountVisits = visit.VisitorCountVisits,
            VisitorReturning = visit.VisitorReturning,
            RefererType = visit.RefererType,
            RefererName = visit.RefererName,
            RefererKeyword = visit.RefererKeyword,
            ConfigBrowserName = visit.ConfigBrowserName,
            LocationCountry = visit.LocationCountry,
        });

    private static long Insert(ILogWriter log, int type, string name, int? prefix) =>
        log.InsertActionName(type, name, (uint)name.GetHashCode(StringComparison.Ordinal), prefix);

    private static long[] Names(ILogWriter log, int type, int count, Func<int, string> name)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Insert(log, type, name(i), null);
        }

        return ids;
    }
}
