using System.IO.Compression;
using System.Text;
using ICSharpCode.SharpZipLib.BZip2;
using Makoto.LogImport.Formats;

namespace Makoto.LogImport.Tests;

/// <summary>The import filters (Matomo's defaults and switches), the tracking requests built from lines, and compressed input.</summary>
public sealed class FilterAndRequestTests
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36";

    private static LogLine Line(string path, string status = "200", string userAgent = Chrome, string? host = "www.example.com") => new()
    {
        Ip = "192.0.2.1",
        Host = host,
        Path = path,
        Status = status,
        UserAgent = userAgent,
        Timestamp = new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc),
    };

    [Theory]
    [InlineData("/page", "200", null)]
    [InlineData("/page", "304", null)]
    [InlineData("/page", "404", SkipReason.HttpError)]
    [InlineData("/page", "503", SkipReason.HttpError)]
    [InlineData("/page", "301", SkipReason.HttpRedirect)]
    [InlineData("/css/site.CSS", "200", SkipReason.Static)]
    [InlineData("/robots.txt", "200", SkipReason.Static)]
    [InlineData("/favicon.ico", "200", SkipReason.Static)]
    public void Default_filters_keep_pages_answered_2xx_or_304(string path, string status, SkipReason? expected) =>
        Assert.Equal(expected, new HitFilter(new ImportOptions()).Check(Line(path, status), out _));

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("curl/8.4.0")]
    [InlineData("Mozilla/5.0 (compatible; YandexBot/3.0)")]
    [InlineData("Zabbix")]
    public void Bots_are_skipped_unless_enabled(string userAgent)
    {
        Assert.Equal(SkipReason.Bot, new HitFilter(new ImportOptions()).Check(Line("/", userAgent: userAgent), out _));
        Assert.Null(new HitFilter(new ImportOptions { EnableBots = true }).Check(Line("/", userAgent: userAgent), out var kind));
        Assert.True(kind.IsBot);
    }

    [Fact]
    public void Switches_keep_errors_redirects_and_static_files_and_mark_them()
    {
        var filter = new HitFilter(new ImportOptions { EnableHttpErrors = true, EnableHttpRedirects = true, EnableStatic = true });
        Assert.Null(filter.Check(Line("/gone", "410"), out var error));
        Assert.True(error.IsError);
        Assert.Null(filter.Check(Line("/moved", "302"), out var redirect));
        Assert.True(redirect.IsRedirect);
        Assert.Null(filter.Check(Line("/logo.png"), out var image));
        Assert.True(image.IsDownload);
    }

    [Fact]
    public void Downloads_follow_the_extension_lists()
    {
        Assert.Null(new HitFilter(new ImportOptions()).Check(Line("/files/report.PDF"), out var pdf));
        Assert.True(pdf.IsDownload);
        var onlyZip = new HitFilter(new ImportOptions { DownloadExtensions = ["zip"] });
        Assert.Equal(SkipReason.Download, onlyZip.Check(Line("/files/report.pdf"), out _));
        Assert.Null(onlyZip.Check(Line("/files/all.zip"), out _));
        Assert.Null(new HitFilter(new ImportOptions { AddDownloadExtensions = ["iso"] }).Check(Line("/debian.iso"), out var iso));
        Assert.True(iso.IsDownload);
    }

    [Fact]
    public void Path_host_and_date_filters()
    {
        var options = new ImportOptions
        {
            ExcludePaths = ["*/admin/*"],
            IncludeHosts = ["www.example.com", "blog.example.com"],
            ExcludeHosts = ["blog.example.com"],
            ExcludeOlderThan = new DateTime(2024, 3, 1, 9, 0, 0, DateTimeKind.Utc),
            ExcludeNewerThan = new DateTime(2024, 3, 1, 11, 0, 0, DateTimeKind.Utc),
        };
        var filter = new HitFilter(options);
        Assert.Equal(SkipReason.Filtered, filter.Check(Line("/site/admin/users"), out _));
        Assert.Null(filter.Check(Line("/site/users"), out _));
        Assert.Equal(SkipReason.Filtered, filter.Check(Line("/", host: "shop.example.com"), out _));
        Assert.Equal(SkipReason.Filtered, filter.Check(Line("/", host: "blog.example.com"), out _));
        var early = Line("/");
        early.Timestamp = new DateTime(2024, 3, 1, 8, 59, 59, DateTimeKind.Utc);
        Assert.Equal(SkipReason.Filtered, filter.Check(early, out _));
        var late = Line("/");
        late.Timestamp = new DateTime(2024, 3, 1, 11, 0, 1, DateTimeKind.Utc);
        Assert.Equal(SkipReason.Filtered, filter.Check(late, out _));
        Assert.Equal(SkipReason.Filtered, new HitFilter(new ImportOptions { IncludePaths = ["/blog/*"] }).Check(Line("/shop/"), out _));
    }

    [Fact]
    public void Hostname_patterns_skip_other_hosts()
    {
        var filter = new HitFilter(new ImportOptions { Hostnames = ["*.example.com"] });
        Assert.Null(filter.Check(Line("/"), out _));
        Assert.Equal(SkipReason.Hostname, filter.Check(Line("/", host: "example.org"), out _));
    }

    [Theory]
    [InlineData("/a/admin/b", "*/admin/*", true)]
    [InlineData("/admin", "*/admin/*", false)]
    [InlineData("abc", "a?c", true)]
    [InlineData("abc", "a*", true)]
    [InlineData("abc", "*d", false)]
    [InlineData("", "*", true)]
    public void Wildcards_match_like_fnmatch(string text, string pattern, bool expected) =>
        Assert.Equal(expected, HitFilter.Wildcard(text, pattern));

    [Fact]
    public void A_page_view_carries_the_importers_parameters()
    {
        var line = Line("/shop/item");
        line.Query = "id=5";
        line.Referrer = "https://www.google.com/";
        line.Length = 1234;
        line.GenerationTimeMilliseconds = 87.6;
        line.UserId = "alice";
        var request = new HitRequestBuilder(new ImportOptions()).Build(line, default, new ResolvedSite(3, "https://www.example.com"));
        Assert.Equal("3", request["idsite"]);
        Assert.Equal("1", request["rec"]);
        Assert.Equal("https://www.example.com/shop/item?id=5", request["url"]);
        Assert.Equal("https://www.google.com/", request["urlref"]);
        Assert.Equal("192.0.2.1", request["cip"]);
        Assert.Equal("1709287200", request["cdt"]);
        Assert.Equal(Chrome, request["ua"]);
        Assert.Equal("alice", request["uid"]);
        Assert.Equal("1234", request["bw_bytes"]);
        Assert.Equal("87", request["pf_srv"]);
        Assert.Equal("{\"1\":[\"HTTP-code\",\"200\"]}", request["cvar"]);
        Assert.Null(request["action_name"]);
        Assert.Null(request["download"]);
        Assert.Null(request["bots"]);
    }

    [Fact]
    public void Errors_are_titled_with_status_url_and_referrer_and_downloads_name_their_url()
    {
        var builder = new HitRequestBuilder(new ImportOptions { EnableHttpErrors = true, StripQueryString = true });
        var line = Line("/old page", "404");
        line.Query = "x=1";
        line.Referrer = "http://a.example/?q=1";
        var error = builder.Build(line, new HitKind(false, false, true, false), new ResolvedSite(1, "http://www.example.com"));
        Assert.Equal("http://www.example.com/old page", error["url"]);
        Assert.Equal("404/URL = http%3A%2F%2Fwww.example.com%2Fold%20page/From = http%3A%2F%2Fa.example%2F%3Fq%3D1", error["action_name"]);
        var download = builder.Build(Line("/f.zip"), new HitKind(true, false, false, false), new ResolvedSite(1, "http://www.example.com"));
        Assert.Equal("http://www.example.com/f.zip", download["download"]);
    }

    [Fact]
    public void Lines_without_host_take_the_sites_main_url()
    {
        var request = new HitRequestBuilder(new ImportOptions()).Build(Line("/p", host: null), default, new ResolvedSite(1, "https://example.com/blog"));
        Assert.Equal("https://example.com/blog/p", request["url"]);
    }

    [Fact]
    public void Replayed_tracker_requests_keep_their_parameters_with_the_lines_ip_time_and_agent()
    {
        var options = new ImportOptions { ReplayTracking = true };
        var builder = new HitRequestBuilder(options);
        var line = Line("/matomo.php");
        line.Query = "idsite=7&rec=1&url=https%3A%2F%2Fx.example%2F&action_name=Home&_id=0123456789abcdef&token_auth=secret";
        Assert.True(builder.IsReplayable(line));
        Assert.Equal(7, HitRequestBuilder.ReplayedSite(line));
        var request = builder.Build(line, default, new ResolvedSite(7, "https://x.example"));
        Assert.Equal("https://x.example/", request["url"]);
        Assert.Equal("Home", request["action_name"]);
        Assert.Equal("192.0.2.1", request["cip"]);
        Assert.Null(request["token_auth"]);
        Assert.False(builder.IsReplayable(Line("/index.php")));
    }

    [Fact]
    public void Gzip_bzip2_and_plain_input_read_the_same_lines()
    {
        var text = "first line\nsecond line é\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        using var gzip = new MemoryStream();
        using (var z = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(bytes);
        }

        using var bzip2 = new MemoryStream();
        using (var b = new BZip2OutputStream(bzip2) { IsStreamOwner = false })
        {
            b.Write(bytes);
        }

        foreach (var input in new[] { bytes, gzip.ToArray(), bzip2.ToArray() })
        {
            long counted = 0;
            using var reader = LogInput.Open("-", LogInput.GetEncoding("utf-8"), n => counted += n, new MemoryStream(input));
            Assert.Equal(text, reader.ReadToEnd());
            Assert.Equal(input.Length, counted);
        }
    }

    [Fact]
    public void Times_with_offsets_are_read_as_utc()
    {
        Assert.True(LogDates.TryParseOffset("+0530", out var india));
        Assert.Equal(new TimeSpan(5, 30, 0), india);
        Assert.True(LogDates.TryParseOffset("-07:00", out var pacific));
        Assert.Equal(TimeSpan.FromHours(-7), pacific);
        Assert.False(LogDates.TryParseOffset("0200", out _));
        Assert.Equal("dd/MMM/yyyy:HH:mm:ss", LogDates.FromStrptime("%d/%b/%Y:%H:%M:%S"));
        Assert.Equal("yyyy-MM-dd\\THH", LogDates.FromStrptime("%Y-%m-%dT%H"));
    }
}
