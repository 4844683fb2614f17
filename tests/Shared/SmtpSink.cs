using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Makoto.Tests.Shared;

/// <summary>
/// A minimal SMTP server on a loopback port that accepts every message (no TLS, no authentication) and keeps it,
/// so tests can read the emails the server under test sends: <c>--Makoto:Mail:Host=127.0.0.1</c>,
/// <c>--Makoto:Mail:Port=</c><see cref="Port"/>, <c>--Makoto:Mail:UseTls=false</c>.
/// </summary>
public sealed partial class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<SentMail> _mails = Channel.CreateUnbounded<SentMail>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SmtpSink()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The server arguments that send mail here.</summary>
    public string[] ServerArgs =>
    [
        "--Makoto:Mail:Host=127.0.0.1",
        $"--Makoto:Mail:Port={Port}",
        "--Makoto:Mail:UseTls=false",
        "--Makoto:Mail:From=makoto@example.org",
    ];

    /// <summary>The next email received (waits up to <paramref name="timeout"/>, 30 s by default).</summary>
    public async Task<SentMail> NextAsync(TimeSpan? timeout = null)
    {
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await _mails.Reader.ReadAsync(wait.Token);
    }

    /// <summary>Whether an email was received and not read yet.</summary>
    public bool HasMail => _mails.Reader.TryPeek(out _);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost test sink");
        var to = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (command)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 localhost");
                    break;
                case "RCPT":
                    to.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>'));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }

                    await _mails.Writer.WriteAsync(Parse([.. to], data.ToString()));
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    private static SentMail Parse(string[] to, string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 4)..];
        if (headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            body = QuotedPrintable().Replace(body.Replace("=\r\n", "", StringComparison.Ordinal), m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());
        }
        else if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            body = Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal)));
        }

        var subject = SubjectHeader().Match(headers) is { Success: true } match ? match.Groups[1].Value.Trim() : "";
        return new SentMail(to, subject, body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    [GeneratedRegex("=([0-9A-F]{2})")]
    private static partial Regex QuotedPrintable();

    [GeneratedRegex(@"^Subject:(.*)$", RegexOptions.Multiline)]
    private static partial Regex SubjectHeader();
}

/// <summary>An email the <see cref="SmtpSink"/> received: recipients, subject (as sent, possibly encoded) and decoded body.</summary>
public sealed record SentMail(string[] To, string Subject, string Body);
