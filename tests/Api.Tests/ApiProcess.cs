using System.Diagnostics;
using System.Globalization;

namespace EmoteCare.Api.Tests;

/// <summary>The real Api executable in a child process, so tests see what a deployment sees, crashes included.</summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ApiProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The Api's process id, for sampling its CPU and memory from /proc.</summary>
    public int ProcessId => _process.Id;

    public string Output => _process.Output;

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
        var api = new ApiProcess(ChildProcess.Start(start), new Uri($"http://127.0.0.1:{port}"));
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

    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The Api serves its web app from its own folder, so it runs there.</summary>
    private static ProcessStartInfo StartInfo(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        ChildProcess.DotnetStartInfo("Api", arguments, environment, workingDirectory: "Api");

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
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
}
