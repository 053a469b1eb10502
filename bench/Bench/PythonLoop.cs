using System.Diagnostics;
using System.Globalization;

namespace EmoteCare.Bench;

/// <summary>Runs bench/python/opencv_loop.py, the loop a user would write with python3-opencv, on the same frames.</summary>
internal static class PythonLoop
{
    public static double? Measure(BenchEnvironment env, SyntheticFrames frames, double seconds)
    {
        // Synthetic frames only (no patient data) go to a temp folder for the Python process, and are deleted after.
        var folder = Path.Combine(Path.GetTempPath(), $"emotecare-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            for (var i = 0; i < frames.FramesPerStream; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"frame-{i:D5}.jpg"), frames.Jpegs[0][i]);
            }

            var script = Path.Combine(env.RepositoryRoot, "bench", "python", "opencv_loop.py");
            var output = RunPython(
                script,
                ["--frames", folder, "--model", env.ModelPath, "--seconds", seconds.ToString(CultureInfo.InvariantCulture)],
                TimeSpan.FromSeconds(seconds + 60));
            var line = output?.Split('\n').LastOrDefault(l => l.StartsWith("python_fps:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line["python_fps:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs a script with Debian's python3 (which has python3-opencv); null with a message when it fails.</summary>
    public static string? RunPython(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var python = Environment.GetEnvironmentVariable("EMOTECARE_PYTHON") ?? "/usr/bin/python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
        }

        Console.Write(stdout);
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"{Path.GetFileName(script)} failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
            return null;
        }

        return stdout;
    }
}
