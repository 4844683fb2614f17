using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// The real server as a separate OS process (<c>dotnet Makoto.Web.dll</c>, as an operator runs it) on a
/// free loopback port, with its own data folder and the <see cref="TestServer"/> super user created
/// through <c>MAKOTO_INIT_*</c>. Used where the test must kill the process (<see cref="Kill"/> is SIGKILL).
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>What the server printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(string dataFolder)
    {
        var port = FreePort();
        var server = Path.Combine(AppContext.BaseDirectory, "Makoto.Web.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in new[] { server, "--urls", $"http://127.0.0.1:{port}", "--data", dataFolder, "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MAKOTO_INIT_LOGIN"] = TestServer.Login;
        start.Environment["MAKOTO_INIT_PASSWORD"] = TestServer.Password;
        start.Environment["MAKOTO_INIT_EMAIL"] = "admin@example.org";
        start.Environment["MAKOTO_INIT_TOKEN"] = TestServer.Token;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var result = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await result.WaitUntilReadyAsync();
        return result;
    }

    /// <summary>Kills the process with SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync("/matomo.php");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server did not answer within 60 s:\n{Output}");
    }
}
