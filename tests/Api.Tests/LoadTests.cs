using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmoteCare.Vision;
using EmoteCare.Vision.Faces;
using EmoteCare.Vision.Synthetic;
using Xunit.Abstractions;

namespace EmoteCare.Api.Tests;

/// <summary>
/// A small run of the live-session load test (bench/load/load.mjs, docs/benchmarks.md): the real Api process, a real
/// SignalR client from npm run by Node, patients streaming the synthetic webcam stream at 2 frames/s and therapists
/// watching. It needs <c>node</c> and <c>npm ci --prefix bench/load</c>, which the set-up scripts provide.
/// </summary>
public sealed partial class LoadTests(ITestOutputHelper output)
{
    private const int Pairs = 10;
    private const int Seconds = 10;

    private static readonly string Root = RepositoryFolder.FindAbove(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Tests must run from inside the repository.");

    private static readonly string Fer2013 = Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets", "fer2013"));

    /// <summary>The trained model when it is there, else the Vision tests' stand-in: the live path is under test, not the model.</summary>
    private static string ModelPath
    {
        get
        {
            var trained = Path.Combine(Root, "models", "emotion-fer.onnx");
            return File.Exists(trained) && File.Exists(Path.ChangeExtension(trained, ".json"))
                ? trained
                : Path.Combine(Root, "tests", "Vision.Tests", "TestData", "emotion-test.onnx");
        }
    }

    [FactRequiringFer2013]
    public async Task Ten_pairs_streaming_at_two_frames_a_second_all_receive_prompt_insights_without_errors()
    {
        var signalR = Path.Combine(Root, "bench", "load", "node_modules", "@microsoft", "signalr");
        Assert.True(Directory.Exists(signalR), $"{signalR} is missing: run `npm ci --prefix bench/load --no-audit --no-fund` (the set-up scripts do).");
        var frames = Directory.CreateTempSubdirectory("emotecare-load-frames-");
        try
        {
            WriteFrames(frames.FullName, count: 120);
            await using var database = await FreshDatabase.CreateAsync();
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = database.ConnectionString,
                ["Inference__ModelPath"] = ModelPath,
                // Two sign-ins per pair from one address, and other test classes sign in from it too.
                ["RateLimits__SignIn__PermitLimit"] = "10000",
            };
            var (exitCode, created) = await ApiProcess.RunCommandAsync(["create-admin", "load-admin@load.example", "Load Admin"], environment);
            Assert.True(exitCode == 0, created);
            var password = AdminPassword().Match(created).Groups["password"].Value;

            await using var api = await ApiProcess.StartAsync(environment);
            var (nodeExit, stdout, stderr) = await RunNodeAsync(
                [
                    Path.Combine(Root, "bench", "load", "load.mjs"),
                    "--url", api.BaseAddress.ToString(),
                    "--admin-email", "load-admin@load.example",
                    "--frames", frames.FullName,
                    "--pairs", Pairs.ToString(CultureInfo.InvariantCulture),
                    "--seconds", Seconds.ToString(CultureInfo.InvariantCulture),
                    "--warmup", "3",
                    "--drain", "2",
                    "--pid", api.ProcessId.ToString(CultureInfo.InvariantCulture),
                ],
                new Dictionary<string, string> { ["EMOTECARE_ADMIN_PASSWORD"] = password },
                TimeSpan.FromSeconds(120));
            output.WriteLine(stderr);
            output.WriteLine(stdout);
            Assert.True(nodeExit == 0, $"load.mjs exited with {nodeExit}:\n{stderr}\n{stdout}\nApi output:\n{api.Output}");

            using var summary = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
            var s = summary.RootElement;
            var errors = s.GetProperty("errors");
            Assert.True(errors.GetProperty("total").GetInt32() == 0, $"errors: {errors}");
            Assert.Equal(Pairs, s.GetProperty("connectedPairs").GetInt32());
            Assert.Equal(Pairs, s.GetProperty("pairsWithInsights").GetInt32());

            // 2 frames/s is within the per-session limit (5/s) and every session has consent: nothing is refused.
            var outcomes = s.GetProperty("measuredOutcomes");
            foreach (var refused in new[] { "refused-rate", "refused-size", "refused-overload", "analysis-off" })
            {
                Assert.False(outcomes.TryGetProperty(refused, out var count) && count.GetInt32() > 0, $"{refused}: {outcomes}");
            }

            var sent = s.GetProperty("sent").GetProperty("measured").GetInt32();
            Assert.InRange(sent, Pairs * Seconds * 2 * 9 / 10, Pairs * Seconds * 2 * 11 / 10);
            var latency = s.GetProperty("latencyMs");
            // Most frames get an insight of their own (coalescing to 4 Hz and latest-frame-wins may merge a few).
            Assert.True(latency.GetProperty("count").GetInt32() >= sent / 2, $"only {latency.GetProperty("count")} of {sent} frames reached a therapist: {s}");
            // The median, not a tail: other test classes (a browser among them) share the machine, and one stall of theirs
            // moves the top 2 of ~200 frames past any fixed bound. The 150-pair tail target is the benchmark's to measure.
            Assert.True(latency.GetProperty("p50").GetDouble() <= 250, $"median frame-to-therapist latency {latency.GetProperty("p50")} ms: {s}");
            Assert.True(s.GetProperty("resources").GetProperty("serverRssMiB").GetProperty("peak").GetDouble() > 0, "the server's memory was not sampled");
        }
        finally
        {
            frames.Delete(recursive: true);
        }
    }

    /// <summary>What <c>EmoteCare.Bench write-frames</c> writes: the synthetic webcam stream as frame-NNNNNN.jpg.</summary>
    private static void WriteFrames(string folder, int count)
    {
        var candidates = SyntheticWebcamStream.LoadFer2013Faces(Fer2013, 60);
        IReadOnlyList<byte[]> faces;
        using (var detector = new HaarFaceDetector())
        {
            faces = SyntheticWebcamStream.SelectDetectable(candidates, detector);
        }

        var stream = new SyntheticWebcamStream(faces.Count > 0 ? faces : candidates);
        for (var i = 0; i < count; i++)
        {
            File.WriteAllBytes(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"frame-{i:D6}.jpg")), stream.RenderJpeg(i, out _));
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, await stdout, $"load.mjs ran past {timeout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"password \(shown only now\): (?<password>\S+)")]
    private static partial Regex AdminPassword();

    /// <summary>Skipped, with the reason printed, when the FER2013 faces next to the repository are absent.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    private sealed class FactRequiringFer2013Attribute : FactAttribute
    {
        public FactRequiringFer2013Attribute()
        {
            if (!Directory.Exists(Fer2013))
            {
                Skip = $"{Fer2013} is absent; the synthetic webcam stream is built from its faces, so the load test cannot run.";
            }
        }
    }
}
