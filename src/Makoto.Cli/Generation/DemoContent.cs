namespace Makoto.Cli.Generation;

/// <summary>
/// What generated visitors see and come with: pages and titles, files, outlinks, site search keywords,
/// events, products, referrers (search engines with keywords, websites, social networks, campaigns), real
/// browsers' User-Agents, screen resolutions and browser languages (which give the country when no
/// geolocation database is configured, as in Matomo).
/// </summary>
internal static class DemoContent
{
    public static readonly (string Path, string Title)[] Pages =
    [
        ("/", "Home"),
        ("/blog/", "Blog"),
        ("/blog/2024/privacy-first-analytics", "Blog / Privacy-first analytics"),
        ("/blog/2024/faster-reports", "Blog / Faster reports with archiving"),
        ("/blog/2024/self-hosting-guide", "Blog / A guide to self-hosting"),
        ("/blog/2023/year-in-review", "Blog / 2023 in review"),
        ("/docs/", "Documentation"),
        ("/docs/install", "Documentation / Installation"),
        ("/docs/tracking/javascript", "Documentation / Tracking / JavaScript tracker"),
        ("/docs/tracking/server-logs", "Documentation / Tracking / Server logs"),
        ("/docs/api/reporting", "Documentation / API / Reporting API"),
        ("/pricing", "Pricing"),
        ("/features", "Features"),
        ("/features/heatmaps", "Features / Heatmaps"),
        ("/about", "About us"),
        ("/contact", "Contact"),
        ("/careers", "Careers"),
        ("/shop/", "Shop"),
        ("/shop/t-shirts/logo-tee", "Shop / Logo T-shirt"),
        ("/shop/mugs/dashboard-mug", "Shop / Dashboard mug"),
        ("/shop/books/analytics-handbook", "Shop / The analytics handbook"),
        ("/shop/cart", "Shop / Cart"),
        ("/login", "Sign in"),
    ];

    /// <summary>How much each page is visited (the home page most, a long tail after).</summary>
    public static readonly int[] PageWeights = [30, 10, 6, 5, 4, 2, 8, 6, 5, 3, 3, 9, 7, 3, 3, 4, 1, 6, 3, 3, 2, 2, 3];

    public static readonly string[] Files = ["/files/whitepaper.pdf", "/files/makoto-2.4.1.tar.gz", "/files/price-list.xlsx", "/files/logo-pack.zip"];

    public static readonly string[] Outlinks =
    [
        "https://github.com/makoto-analytics/makoto", "https://matomo.org/docs/", "https://en.wikipedia.org/wiki/Web_analytics",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://twitter.com/makoto",
    ];

    public static readonly string[] SearchKeywords = ["install", "api token", "goals", "heatmap", "pricing", "gdpr", "import logs", "segment"];

    public static readonly (string Category, string Action, string Name)[] Events =
    [
        ("Video", "Play", "Product tour"), ("Video", "Pause", "Product tour"), ("Video", "Complete", "Product tour"),
        ("Newsletter", "Subscribe", "Footer form"), ("Navigation", "Open menu", "Mobile"), ("Docs", "Copy code", "Tracking snippet"),
    ];

    public static readonly (string Sku, string Name, string Category, double Price)[] Products =
    [
        ("TEE-LOGO", "Logo T-shirt", "Clothing", 24.90), ("MUG-DASH", "Dashboard mug", "Home", 12.50),
        ("BOOK-HANDBOOK", "The analytics handbook", "Books", 39.00), ("STICKERS", "Sticker pack", "Accessories", 4.99),
    ];

    /// <summary>Search engines with their keyword parameter, as Matomo's search engine list knows them.</summary>
    public static readonly (string Url, string Parameter)[] SearchEngines =
    [
        ("https://www.google.com/search", "q"), ("https://www.google.de/search", "q"), ("https://www.bing.com/search", "q"),
        ("https://duckduckgo.com/", "q"), ("https://yandex.ru/search/", "text"), ("https://www.ecosia.org/search", "q"),
    ];

    public static readonly string[] SearchEngineKeywords =
    [
        "web analytics", "self hosted analytics", "matomo alternative", "privacy friendly analytics", "gdpr analytics tool",
        "server log analytics", "open source web analytics", "makoto analytics",
    ];

    public static readonly string[] Websites =
    [
        "https://news.ycombinator.com/item?id=38012345", "https://stackoverflow.com/questions/4242/self-hosted-analytics",
        "https://blog.example.net/2024/01/best-analytics-tools", "https://github.com/awesome-selfhosted/awesome-selfhosted",
        "https://www.heise.de/news/analytics-ohne-cookies.html",
    ];

    public static readonly string[] SocialNetworks =
    [
        "https://www.facebook.com/", "https://t.co/x1Y2z3", "https://www.linkedin.com/feed/", "https://www.reddit.com/r/selfhosted/",
        "https://mastodon.social/@makoto",
    ];

    /// <summary>Campaigns as their tracking parameters appear in landing page URLs (Matomo's and Google's names).</summary>
    public static readonly string[] Campaigns =
    [
        "mtm_campaign=spring_sale&mtm_source=newsletter&mtm_medium=email",
        "mtm_campaign=spring_sale&mtm_source=facebook&mtm_medium=cpc&mtm_keyword=analytics",
        "utm_campaign=launch-2024&utm_source=partner-blog&utm_medium=referral",
        "pk_campaign=retargeting&pk_kwd=pricing",
    ];

    public static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0",
    ];

    /// <summary>Desktop and mobile shares roughly follow the User-Agents above (mobile ones last).</summary>
    public static readonly int[] UserAgentWeights = [22, 8, 8, 9, 5, 3, 2, 17, 4, 12, 6, 4];

    public static readonly string[] Resolutions = ["1920x1080", "1366x768", "2560x1440", "1536x864", "1440x900", "390x844", "412x915", "820x1180"];

    public static readonly string[] Languages =
    [
        "en-us,en;q=0.9", "en-gb,en;q=0.9", "de-de,de;q=0.9,en;q=0.8", "fr-fr,fr;q=0.9,en;q=0.8", "es-es,es;q=0.9", "ja-jp,ja;q=0.9",
        "pt-br,pt;q=0.9,en;q=0.8", "it-it,it;q=0.9", "nl-nl,nl;q=0.9,en;q=0.8", "pl-pl,pl;q=0.9", "ru-ru,ru;q=0.9", "zh-cn,zh;q=0.9",
    ];

    public static readonly int[] LanguageWeights = [30, 8, 14, 9, 6, 5, 5, 4, 4, 3, 3, 5];

    /// <summary>How visits spread over the hours of the day (site time): quiet nights, busy afternoons.</summary>
    public static readonly int[] HourWeights = [2, 1, 1, 1, 1, 2, 3, 5, 7, 9, 10, 10, 9, 9, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2];
}
