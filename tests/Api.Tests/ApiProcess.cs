using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EmoteCare.Api.Tests;

/// <summary>The real Api executable in a child process, so tests see what a deployment sees, crashes included.</summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>The Api's process id, for sampling its CPU and memory from /proc.</summary>
    public int ProcessId => _process.Id;

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

    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var port = TestPorts.Free();
        var start = StartInfo([], environment);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // A cluster of its own: tests share a database, and the silos of processes that other tests killed stay in its
        // membership table until a cluster member declares them dead.
        start.Environment.TryAdd("Orleans__ClusterId", $"test-{Guid.NewGuid():N}");
        start.Environment.TryAdd("Orleans__SiloPort", TestPorts.Free().ToString(CultureInfo.InvariantCulture));
        start.Environment.TryAdd("Orleans__GatewayPort", TestPorts.Free().ToString(CultureInfo.InvariantCulture));
        var api = new ApiProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await api.WaitHealthyAsync();
        }
        catch
        {
            // A node that never became healthy is killed here: the caller has no handle on it to dispose.
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>Runs one of the Api's commands (<c>seed-demo</c>, <c>create-admin</c>) to completion.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        using var process = Process.Start(StartInfo(arguments, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [RepositoryFile("Api", "bin", BuildConfiguration, "net10.0", "EmoteCare.Api.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFile("Api"),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static string BuildConfiguration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EmoteCare.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new InvalidOperationException("EmoteCare.sln not found above the test binaries."), .. parts]);
    }

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Waiting again lets the asynchronous readers drain what the process wrote before it died.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"The Api exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The Api did not become healthy within 60 s:\n{Output}");
    }

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
