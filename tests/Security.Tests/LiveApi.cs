using System.Net.Http.Json;
using EmoteCare.Api.Tests;
using EmoteCare.Vision;

namespace EmoteCare.Security.Tests;

/// <summary>
/// An Api whose inference workers run the Vision tests' small stand-in model (the live path is under test, not the
/// model), shared by the live-streaming findings' test classes.
/// </summary>
public sealed class LiveApiFixture : IAsyncLifetime
{
    internal TestApi Api { get; private set; } = null!;

    /// <summary>Settings a test class adds to the stand-in model's.</summary>
    internal static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Inference:ModelPath"] = Path.Combine(RepositoryFolder.FindAbove(AppContext.BaseDirectory)!, "tests", "Vision.Tests", "TestData", "emotion-test.onnx"),
            ["Inference:MaxBatchWait"] = "00:00:00.002",
            ["Inference:MaxFrameBytes"] = "65536",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public async Task InitializeAsync() => Api = await TestApi.StartAsync(Settings());

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

/// <summary>Frames and sessions for the live tests.</summary>
internal static class Live
{
    /// <summary>A 320x240 JPEG with no face in it: analysed, counted, and it moves the session's latest reading.</summary>
    public static readonly byte[] Frame = RenderFrame();

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>A new world with a session of its patient that is live and consented.</summary>
    public static async Task<(World World, string SessionId)> LiveConsentedSessionAsync(TestApi api)
    {
        var world = await World.CreateAsync(api);
        var sessionId = await world.NewScheduledSessionAsync();
        (await world.Patient.Client.PutAsJsonAsync($"/api/sessions/{sessionId}/consent", new { facialAnalysis = true })).EnsureSuccessStatusCode();
        (await world.Therapist.Client.PostAsync(new Uri($"/api/sessions/{sessionId}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        return (world, sessionId);
    }

    private static byte[] RenderFrame()
    {
        var pixels = new byte[320 * 240];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i % 320) * 255 / 320);
        }

        return GrayImages.EncodeJpeg(new GrayImageView(pixels, 320, 240), quality: 80);
    }
}
