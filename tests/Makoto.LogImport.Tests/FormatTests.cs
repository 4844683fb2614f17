using Makoto.LogImport.Formats;

namespace Makoto.LogImport.Tests;

/// <summary>
/// Each log format on hand-written lines shaped like what the servers write, and on broken lines. Expected
/// values are read off the lines by hand (times converted to UTC by hand).
/// </summary>
public sealed class FormatTests
{
    private static LogLine Parse(LogFormat format, string line)
    {
        var parsed = new LogLine();
        Assert.Equal(LineResult.Parsed, format.Parse(line, parsed));
        return parsed;
    }

    private static DateTime Utc(int y, int mo, int d, int h, int mi, int s) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    [Fact]
    public void Common_reads_every_field_and_splits_the_query()
    {
        var line = Parse(LogFormats.Create("common")!, "192.0.2.10 - - [01/Mar/2024:08:15:00 +0000] \"GET /docs/install?lang=en HTTP/1.1\" 200 5120");
        Assert.Equal("192.0.2.10", line.Ip);
        Assert.Null(line.Host);
        Assert.Null(line.UserId);
        Assert.Equal("GET", line.Method);
        Assert.Equal("/docs/install", line.Path);
        Assert.Equal("lang=en", line.Query);
        Assert.Equal("200", line.Status);
        Assert.Equal(5120, line.Length);
        Assert.Equal(Utc(2024, 3, 1, 8, 15, 0), line.Timestamp);
        Assert.Equal("", line.Referrer);
        Assert.Equal("", line.UserAgent);
    }

    [Fact]
    public void Common_vhost_reads_the_host_without_port_the_user_and_the_offset()
    {
        var line = Parse(LogFormats.Create("common_vhost")!, "Docs.Example.com:443 192.0.2.10 - alice [01/Mar/2024:08:15:00 -0500] \"GET / HTTP/2.0\" 304 -");
        Assert.Equal("docs.example.com", line.Host);
        Assert.Equal("alice", line.UserId);
        Assert.Equal("/", line.Path);
        Assert.Equal("304", line.Status);
        Assert.Equal(0, line.Length);
        Assert.Equal(Utc(2024, 3, 1, 13, 15, 0), line.Timestamp);
    }

    [Fact]
    public void Combined_reads_referrer_and_user_agent_with_escaped_quotes_and_ipv6()
    {
        var line = Parse(
            LogFormats.Create("combined")!,
            "2001:db8::1 - - [29/Feb/2024:23:59:59 +0100] \"POST /form HTTP/1.1\" 302 0 \"https://example.com/contact\" \"Mozilla/5.0 (Macintosh) \\\"quoted\\\" Safari/605.1.15\"");
        Assert.Equal("ncsa_extended", LogFormats.Create("combined")!.Name);
        Assert.Equal("2001:db8::1", line.Ip);
        Assert.Equal("POST", line.Method);
        Assert.Equal("302", line.Status);
        Assert.Equal("https://example.com/contact", line.Referrer);
        Assert.Equal("Mozilla/5.0 (Macintosh) \\\"quoted\\\" Safari/605.1.15", line.UserAgent);
        Assert.Equal(Utc(2024, 2, 29, 22, 59, 59), line.Timestamp);
    }

    [Fact]
    public void Combined_keeps_text_after_the_user_agent_out_and_reads_a_dash_referrer_as_empty()
    {
        var line = Parse(
            LogFormats.Create("ncsa_extended")!,
            "192.0.2.11 - - [01/Mar/2024:08:15:00 +0000] \"GET /a%20b.html HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0\" 0.004 upstream=10.0.0.2");
        Assert.Equal("/a%20b.html", line.Path);
        Assert.Equal("", line.Referrer);
        Assert.Equal("Mozilla/5.0", line.UserAgent);
    }

    [Fact]
    public void Common_complete_reads_host_and_combined_fields()
    {
        var line = Parse(
            LogFormats.Create("common_complete")!,
            "www.example.com 192.0.2.10 - - [01/Mar/2024:08:15:00 +0000] \"GET /files/report.pdf HTTP/1.1\" 200 99999 \"-\" \"curl/8.4.0\"");
        Assert.Equal("www.example.com", line.Host);
        Assert.Equal("/files/report.pdf", line.Path);
        Assert.Equal(99999, line.Length);
        Assert.Equal("curl/8.4.0", line.UserAgent);
    }

    [Theory]
    [InlineData("192.0.2.10 - - [01/Mar/2024:08:15:00 +0000] \"GET /")]
    [InlineData("192.0.2.10 - - 01/Mar/2024:08:15:00 +0000 \"GET / HTTP/1.1\" 200 1")]
    [InlineData("192.0.2.10 - - [01/Mar/2024:08:15:00 +0000] \"-\" 408 0")]
    [InlineData("192.0.2.10 - - [01/Mar/2024:08:15:00 +0000] \"GET / HTTP/1.1\" OK 1")]
    [InlineData("")]
    public void Common_does_not_read_malformed_lines(string text) =>
        Assert.Equal(LineResult.NoMatch, LogFormats.Create("common")!.Parse(text, new LogLine()));

    [Theory]
    [InlineData("192.0.2.10 - - [31/Feb/2024:08:15:00 +0000] \"GET / HTTP/1.1\" 200 1")]
    [InlineData("192.0.2.10 - - [01/Foo/2024:08:15:00 +0000] \"GET / HTTP/1.1\" 200 1")]
    [InlineData("192.0.2.10 - - [01/Mar/2024:25:15:00 +0000] \"GET / HTTP/1.1\" 200 1")]
    [InlineData("192.0.2.10 - - [01/Mar/2024:08:15:00 +99ZZ] \"GET / HTTP/1.1\" 200 1")]
    public void Common_reports_unreadable_dates_and_offsets(string text) =>
        Assert.Equal(LineResult.BadDate, LogFormats.Create("common")!.Parse(text, new LogLine()));

    [Fact]
    public void Nginx_json_reads_keys_seconds_as_milliseconds_and_the_iso_offset()
    {
        var line = Parse(
            LogFormats.Create("nginx_json")!,
            "{\"ip\": \"192.0.2.20\",\"host\": \"shop.example.com\",\"path\": \"/cart?add=5\",\"status\": \"200\",\"referrer\": \"https://shop.example.com/\"," +
            "\"user_agent\": \"Mozilla/5.0 \\x22x\\x22\",\"length\": 512,\"generation_time_milli\": 0.123,\"date\": \"2024-03-01T10:00:00+01:00\"}");
        Assert.Equal("192.0.2.20", line.Ip);
        Assert.Equal("shop.example.com", line.Host);
        Assert.Equal("/cart", line.Path);
        Assert.Equal("add=5", line.Query);
        Assert.Equal(512, line.Length);
        Assert.Equal(123, line.GenerationTimeMilliseconds, precision: 6);
        Assert.Equal("Mozilla/5.0 \"x\"", line.UserAgent);
        Assert.Equal(Utc(2024, 3, 1, 9, 0, 0), line.Timestamp);
    }

    [Theory]
    [InlineData("{\"ip\": \"192.0.2.20\", \"path\": ")]
    [InlineData("{\"host\": \"a\", \"path\": \"/\", \"date\": \"2024-03-01T10:00:00+01:00\"}")]
    [InlineData("[1, 2]")]
    public void Nginx_json_does_not_read_broken_or_incomplete_objects(string text) =>
        Assert.Equal(LineResult.NoMatch, LogFormats.Create("nginx_json")!.Parse(text, new LogLine()));

    [Fact]
    public void Nginx_json_reports_an_unreadable_date() =>
        Assert.Equal(
            LineResult.BadDate,
            LogFormats.Create("nginx_json")!.Parse("{\"ip\": \"1.2.3.4\", \"path\": \"/\", \"date\": \"yesterday\", \"referrer\": \"\"}", new LogLine()));

    private const string W3cFile =
        "#Software: Custom W3C logger\n#Version: 1.0\n" +
        "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status sc-bytes time-taken cs(User-Agent) cs(Referer)\n" +
        "2024-03-01 10:00:00 192.0.2.30 GET /products/42 ref=mail 200 2048 0.250 \"Mozilla/5.0 (X11; Linux)\" https://mail.example.net/\n" +
        "2024-03-01 10:00:01 192.0.2.30 GET /products/42 - 200 2048\n";

    [Fact]
    public void W3c_extended_reads_columns_named_by_the_fields_directive_with_time_taken_in_seconds()
    {
        var lines = W3cFile.Split('\n');
        var format = LogFormats.Detect(lines);
        Assert.NotNull(format);
        Assert.Equal("w3c_extended", format.Name);
        var line = Parse(format, lines[3]);
        Assert.Equal("192.0.2.30", line.Ip);
        Assert.Equal("/products/42", line.Path);
        Assert.Equal("ref=mail", line.Query);
        Assert.Equal(2048, line.Length);
        Assert.Equal(250, line.GenerationTimeMilliseconds, precision: 6);
        Assert.Equal("Mozilla/5.0 (X11; Linux)", line.UserAgent);
        Assert.Equal("https://mail.example.net/", line.Referrer);
        Assert.Equal(Utc(2024, 3, 1, 10, 0, 0), line.Timestamp);
        Assert.Equal(LineResult.NoMatch, format.Parse(lines[4], new LogLine()));
        Assert.Equal(LineResult.Directive, format.Parse("#Date: 2024-03-02 00:00:00", new LogLine()));
    }

    [Fact]
    public void W3c_without_fields_line_reads_nothing_until_given_one()
    {
        var format = LogFormats.Create("w3c_extended")!;
        Assert.Equal(LineResult.NoMatch, format.Parse("2024-03-01 10:00:00 192.0.2.30 /", new LogLine()));
        var given = LogFormats.Create("w3c_extended", new W3cSettings("#Fields: date time c-ip cs-uri-stem", null, false))!;
        Assert.Equal("/", Parse(given, "2024-03-01 10:00:00 192.0.2.30 /").Path);
    }

    [Fact]
    public void W3c_custom_field_names_can_be_mapped_to_standard_ones()
    {
        var format = LogFormats.Create("w3c_extended", new W3cSettings("#Fields: date-local time-local c-ip cs-uri-stem", new Dictionary<string, string> { ["date-local"] = "date", ["time-local"] = "time" }, false))!;
        Assert.Equal(Utc(2024, 3, 1, 10, 0, 0), Parse(format, "2024-03-01 10:00:00 192.0.2.30 /").Timestamp);
    }

    [Fact]
    public void Iis_is_detected_by_its_software_line_and_reads_milliseconds_plus_signs_and_the_user()
    {
        string[] lines =
        [
            "#Software: Microsoft Internet Information Services 10.0",
            "#Version: 1.0",
            "#Date: 2024-03-01 00:00:00",
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
            "2024-03-01 00:00:05 10.0.0.4 GET /default.aspx - 443 CONTOSO\\bob 192.0.2.40 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 200 0 0 187",
        ];
        var format = LogFormats.Detect(lines);
        Assert.NotNull(format);
        Assert.Equal("iis", format.Name);
        var line = Parse(format, lines[4]);
        Assert.Equal("192.0.2.40", line.Ip);
        Assert.Equal("CONTOSO\\bob", line.UserId);
        Assert.Equal("", line.Query);
        Assert.Equal("", line.Referrer);
        Assert.Equal("Mozilla/5.0 (Windows NT 10.0; Win64; x64)", line.UserAgent);
        Assert.Equal(187, line.GenerationTimeMilliseconds, precision: 6);
        Assert.Equal(Utc(2024, 3, 1, 0, 0, 5), line.Timestamp);
    }

    [Fact]
    public void Cloudfront_reads_the_host_header_tabs_and_the_twice_encoded_user_agent()
    {
        string[] lines =
        [
            "#Version: 1.0",
            "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken",
            "2024-03-01\t12:00:00\tFRA56-C1\t4321\t192.0.2.50\tGET\td111111abcdef8.cloudfront.net\t/img/logo.png\t200\thttps://www.example.com/\tMozilla/5.0%2520(iPhone;%2520CPU%2520iPhone%2520OS%252017_0)\t-\t-\tHit\tabcDEF123==\twww.example.com\thttps\t120\t0.002",
            "2024-03-01\t12:00:00\tFRA56-C1\t4321",
        ];
        var format = LogFormats.Detect(lines);
        Assert.NotNull(format);
        Assert.Equal("amazon_cloudfront", format.Name);
        var line = Parse(format, lines[2]);
        Assert.Equal("www.example.com", line.Host);
        Assert.Equal("/img/logo.png", line.Path);
        Assert.Equal("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)", line.UserAgent);
        Assert.Equal(4321, line.Length);
        Assert.Equal(2, line.GenerationTimeMilliseconds, precision: 6);
        Assert.Equal(LineResult.NoMatch, format.Parse(lines[3], new LogLine()));
    }

    [Fact]
    public void Elb_reads_classic_load_balancer_lines()
    {
        var line = Parse(
            LogFormats.Create("elb")!,
            "2024-03-01T12:30:45.123456Z my-lb 192.0.2.60:54321 10.0.1.5:80 0.000041 0.001532 0.000020 200 200 0 1024 \"GET http://www.example.com:80/api/items?page=2 HTTP/1.1\" \"Mozilla/5.0 (Android 14)\" - -");
        Assert.Equal("192.0.2.60", line.Ip);
        Assert.Equal("www.example.com", line.Host);
        Assert.Equal("/api/items", line.Path);
        Assert.Equal("page=2", line.Query);
        Assert.Equal("200", line.Status);
        Assert.Equal(1024, line.Length);
        Assert.Equal(1.532, line.GenerationTimeMilliseconds, precision: 6);
        Assert.Equal("Mozilla/5.0 (Android 14)", line.UserAgent);
        Assert.Equal(Utc(2024, 3, 1, 12, 30, 45), line.Timestamp);
    }

    [Fact]
    public void Elb_reads_application_load_balancer_lines_with_their_type_prefix()
    {
        var line = Parse(
            LogFormats.Create("elb")!,
            "https 2024-03-01T12:30:45.123456Z app/my-alb/50dc6c495c0c9188 192.0.2.61:2817 10.0.0.1:80 0.000 0.001 0.000 404 404 34 366 \"GET https://shop.example.com:443/missing HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:123:targetgroup/tg/73e2d6bc24d8a067");
        Assert.Equal("192.0.2.61", line.Ip);
        Assert.Equal("shop.example.com", line.Host);
        Assert.Equal("404", line.Status);
    }

    [Theory]
    [InlineData("2024-03-01T12:30:45.123456Z my-lb 192.0.2.60:54321 10.0.1.5:80 0.1 0.1 0.1 200 200 0 1024 GET http://www.example.com:80/ HTTP/1.1")]
    [InlineData("2024-03-01T12:30:45Z my-lb 192.0.2.60 10.0.1.5:80 0.1 0.1 0.1 200 200 0 1024 \"GET http://www.example.com:80/ HTTP/1.1\" \"x\"")]
    public void Elb_does_not_read_lines_missing_parts(string text) =>
        Assert.Equal(LineResult.NoMatch, LogFormats.Create("elb")!.Parse(text, new LogLine()));

    [Fact]
    public void Haproxy_reads_the_http_log_behind_a_syslog_prefix()
    {
        var line = Parse(
            LogFormats.Create("haproxy")!,
            "Mar  1 12:00:00 lb1 haproxy[1234]: 192.0.2.70:41234 [01/Mar/2024:12:00:00.123] http-in~ web/web1 0/0/1/25/26 200 1534 - - ---- 3/3/0/0/0 0/0 \"GET /status?full=1 HTTP/1.1\"");
        Assert.Equal("192.0.2.70", line.Ip);
        Assert.Equal("GET", line.Method);
        Assert.Equal("/status", line.Path);
        Assert.Equal("full=1", line.Query);
        Assert.Equal("200", line.Status);
        Assert.Equal(1534, line.Length);
        Assert.Equal(Utc(2024, 3, 1, 12, 0, 0), line.Timestamp);
    }

    [Fact]
    public void Haproxy_does_not_read_a_line_without_request() =>
        Assert.Equal(
            LineResult.NoMatch,
            LogFormats.Create("haproxy")!.Parse("Mar  1 12:00:00 lb1 haproxy[1234]: 192.0.2.70:41234 [01/Mar/2024:12:00:00.123] http-in~ web/web1 0/0/1/25/26 200 1534 - - ----", new LogLine()));

    [Fact]
    public void A_custom_regex_with_python_groups_and_a_strptime_date_reads_lines()
    {
        var format = new RegexLogFormat(
            "custom",
            @"(?P<ip>\S+) \[(?P<date>[^\]]+)\] (?P<status>\d+) ""\S+ (?P<path>\S+) \S+"" (?P<generation_time_micro>\d+)",
            DateStyle.Apache,
            "%Y/%m/%d %H:%M:%S");
        var line = Parse(format, "192.0.2.80 [2024/03/01 07:06:05] 200 \"GET /x?y=z HTTP/1.0\" 12345");
        Assert.Equal("/x", line.Path);
        Assert.Equal(12.345, line.GenerationTimeMilliseconds, precision: 6);
        Assert.Equal(Utc(2024, 3, 1, 7, 6, 5), line.Timestamp);
        Assert.Equal(LineResult.NoMatch, format.Parse("not this", new LogLine()));
    }

    [Fact]
    public void A_custom_regex_needs_ip_date_and_path_groups() =>
        Assert.Throws<ArgumentException>(() => new RegexLogFormat("custom", @"(?<ip>\S+) (?<path>\S+)"));

    [Theory]
    [InlineData("192.0.2.10 - - [01/Mar/2024:08:15:00 +0000] \"GET / HTTP/1.1\" 200 5120", "common")]
    [InlineData("192.0.2.10 - - [01/Mar/2024:08:15:00 +0000] \"GET / HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0\"", "ncsa_extended")]
    [InlineData("example.com 192.0.2.10 - - [01/Mar/2024:08:15:00 +0000] \"GET / HTTP/1.1\" 200 5120", "common_vhost")]
    [InlineData("example.com 192.0.2.10 - - [01/Mar/2024:08:15:00 +0000] \"GET / HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0\"", "common_complete")]
    [InlineData("{\"ip\": \"192.0.2.20\", \"host\": \"a.example\", \"path\": \"/\", \"status\": \"200\", \"referrer\": \"-\", \"user_agent\": \"x\", \"length\": 1, \"generation_time_milli\": 0.1, \"date\": \"2024-03-01T10:00:00+01:00\"}", "nginx_json")]
    [InlineData("2024-03-01T12:30:45.123456Z my-lb 192.0.2.60:54321 10.0.1.5:80 0.1 0.1 0.1 200 200 0 1024 \"GET http://www.example.com:80/ HTTP/1.1\" \"x\" - -", "elb")]
    [InlineData("Mar  1 12:00:00 lb1 haproxy[1234]: 192.0.2.70:41234 [01/Mar/2024:12:00:00.123] http-in~ web/web1 0/0/1/25/26 200 1534 - - ---- 3/3/0/0/0 0/0 \"GET / HTTP/1.1\"", "haproxy")]
    public void Detection_picks_the_format_that_reads_the_most_fields(string line, string expected)
    {
        var format = LogFormats.Detect(["", "garbage line first", line]);
        Assert.NotNull(format);
        Assert.Equal(expected, format.Name);
    }

    [Fact]
    public void Detection_gives_up_on_lines_no_format_reads() =>
        Assert.Null(LogFormats.Detect(["hello", "world"]));
}
