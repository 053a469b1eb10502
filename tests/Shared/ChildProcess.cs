using System.Diagnostics;
using System.Text;
using EmoteCare.Vision;

namespace EmoteCare.Testing;

/// <summary>
/// One of the project's executables (the Api, the standalone silo) in a child process, started from its build output
/// the way a deployment runs it, with its standard output and error kept for failure messages.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    /// <summary>Starts <paramref name="start"/> and keeps what it writes.</summary>
    public static ChildProcess Start(ProcessStartInfo start) => new(Process.Start(start)!);

    /// <summary>
    /// <c>dotnet</c> running a project's assembly (<c>Api</c> → <c>Api/bin/…/EmoteCare.Api.dll</c>) from the build
    /// configuration the tests were built with, in <paramref name="workingDirectory"/> (a path under the repository),
    /// in the Production environment, with <paramref name="environment"/> on top.
    /// </summary>
    public static ProcessStartInfo DotnetStartInfo(string project, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory = "")
    {
        var start = new ProcessStartInfo("dotnet", [RepositoryPath(project, "bin", BuildConfiguration, "net10.0", $"EmoteCare.{project}.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPath(workingDirectory),
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>A path under the repository the tests were built in.</summary>
    public static string RepositoryPath(params string[] parts) =>
        Path.Combine([RepositoryFolder.FindAbove(AppContext.BaseDirectory) ?? throw new InvalidOperationException("EmoteCare.sln not found above the test binaries."), .. parts]);

    /// <summary>SIGKILL, as <c>kill -9</c>: no graceful shutdown, no final writes.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Waits for the exit, so the asynchronous readers drain what the process wrote before it ended.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string BuildConfiguration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
