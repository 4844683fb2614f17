using System.CommandLine;
using Makoto.Cli;
using Spectre.Console;

namespace Makoto.EndToEnd.Tests.Console;

/// <summary>
/// Runs the <c>makoto</c> console in this process as its binary does (the same root command, parser and
/// actions), with its output captured. The console writes to process-wide outputs, so runs are serialized
/// and the tests that use it share the <see cref="ConsoleCollection"/>. The console finds its store through
/// the data folder and the environment, so the console tests run their server on SQLite in every test pass.
/// </summary>
internal static class ConsoleRunner
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    /// <summary>Runs <c>makoto ARGS</c> and returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        await s_gate.WaitAsync();
        var output = new StringWriter();
        var previousOut = System.Console.Out;
        var previousConsole = AnsiConsole.Console;
        try
        {
            System.Console.SetOut(output);
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(output),
            });
            console.Profile.Width = 240;
            AnsiConsole.Console = console;
            var configuration = new InvocationConfiguration { Output = output, Error = output, ProcessTerminationTimeout = null };
            var exitCode = await MakotoCli.CreateRootCommand().Parse(args).InvokeAsync(configuration, TestContext.Current.CancellationToken);
            return (exitCode, output.ToString());
        }
        finally
        {
            System.Console.SetOut(previousOut);
            AnsiConsole.Console = previousConsole;
            s_gate.Release();
        }
    }
}

/// <summary>The tests that run the console: one at a time, because the console's output is process-wide.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
