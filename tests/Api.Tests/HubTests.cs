using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Hubs;
using EmoteCare.Vision;
using EmoteCare.Vision.Native;

namespace EmoteCare.Api.Tests;

/// <summary>The live session hub over a real WebSocket: ownership, consent, limits, relaying and malformed input.</summary>
public sealed class HubTests(HubTests.Fixture fixture) : IClassFixture<HubTests.Fixture>
{
    private TestApi Api => fixture.Api;

    /// <summary>An Api whose inference workers run the Vision tests' small stand-in model: the live path is under test here, not the model.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal TestApi Api { get; private set; } = null!;

        public async Task InitializeAsync() => Api = await TestApi.StartAsync(new Dictionary<string, string?>
        {
            ["Inference:ModelPath"] = Path.Combine(VisionNativeLibraries.FindRepositoryRoot(AppContext.BaseDirectory)!, "tests", "Vision.Tests", "TestData", "emotion-test.onnx"),
            ["Inference:MaxBatchWait"] = "00:00:00.002",
            ["Live:MaxFrameBytes"] = "65536",
        });

        public async Task DisposeAsync() => await Api.DisposeAsync();
    }

    private static readonly byte[] Frame = RenderFrame();

    private static byte[] RenderFrame()
    {
        var pixels = new byte[320 * 240];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i % 320) * 255 / 320);
        }

        return GrayImages.EncodeJpeg(new GrayImageView(pixels, 320, 240), quality: 80);
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private async Task<(World World, string SessionId)> LiveConsentedSessionAsync()
    {
        var world = await World.CreateAsync(Api);
        var sessionId = await world.NewScheduledSessionAsync();
        (await world.Patient.Client.PutAsJsonAsync($"/api/sessions/{sessionId}/consent", new { facialAnalysis = true })).EnsureSuccessStatusCode();
        (await world.Therapist.Client.PostAsync(new Uri($"/api/sessions/{sessionId}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        return (world, sessionId);
    }

    [Fact]
    public async Task Anonymous_connection_is_refused()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => HubTestClient.ConnectAsync(Api, accessToken: null));
    }

    [Fact]
    public async Task Frames_from_the_patient_reach_the_therapist_as_insights_with_a_snapshot_first()
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));

        var snapshot = await therapist.InvokeAsync("Watch", sessionId);
        var join = await patient.InvokeAsync("JoinAsPatient", sessionId);
        var outcome = await patient.InvokeAsync("SendFrame", sessionId, Frame, 1, Now);

        Assert.Equal("live", snapshot.GetProperty("status").GetString());
        Assert.True(join.GetProperty("analysisActive").GetBoolean());
        Assert.Equal(FrameOutcomes.Queued, outcome.GetString());
        JsonElement insight;
        do
        {
            insight = await therapist.NextAsync(HubEvents.Insight);
        }
        while (insight.GetProperty("aggregate").GetProperty("frames").GetInt64() == 0);

        Assert.Equal(sessionId, insight.GetProperty("sessionId").GetString());
        Assert.True(insight.GetProperty("analysisActive").GetBoolean());
        Assert.Equal(1, insight.GetProperty("aggregate").GetProperty("frames").GetInt64());
    }

    [Fact]
    public async Task Withdrawal_turns_analysis_off_for_both_sides_before_the_next_frame()
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await therapist.InvokeAsync("Watch", sessionId);
        await patient.InvokeAsync("JoinAsPatient", sessionId);

        (await world.Patient.Client.PutAsJsonAsync($"/api/sessions/{sessionId}/consent", new { facialAnalysis = false })).EnsureSuccessStatusCode();
        var outcome = await patient.InvokeAsync("SendFrame", sessionId, Frame, 1, Now);

        Assert.Equal(FrameOutcomes.AnalysisOff, outcome.GetString());
        var analysis = await patient.NextAsync(HubEvents.Analysis);
        Assert.False(analysis.GetProperty("active").GetBoolean());
        JsonElement insight;
        do
        {
            insight = await therapist.NextAsync(HubEvents.Insight);
        }
        while (insight.GetProperty("analysisActive").GetBoolean());

        var snapshot = await world.Grains.GetGrain<Grains.Interfaces.ITherapySessionGrain>(sessionId).GetSnapshot();
        Assert.Equal(0, snapshot.Aggregate.Frames);
    }

    [Fact]
    public async Task Only_the_sessions_patient_may_stream_and_only_its_participants_may_watch()
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        await using var otherPatient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherPatient));
        await using var otherTherapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherTherapist));
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var admin = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Admin));

        await Assert.ThrowsAsync<HubError>(() => otherPatient.InvokeAsync("JoinAsPatient", sessionId));
        await Assert.ThrowsAsync<HubError>(() => therapist.InvokeAsync("JoinAsPatient", sessionId));
        await Assert.ThrowsAsync<HubError>(() => otherTherapist.InvokeAsync("Watch", sessionId));
        await Assert.ThrowsAsync<HubError>(() => otherPatient.InvokeAsync("Watch", sessionId));
        var refused = await Assert.ThrowsAsync<HubError>(() => admin.InvokeAsync("Watch", sessionId));
        Assert.Contains("not yours", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubError>(() => otherPatient.InvokeAsync("SendFrame", sessionId, Frame, 1, Now));
    }

    [Fact]
    public async Task Watching_someone_elses_session_is_audited()
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));

        await therapist.InvokeAsync("Watch", sessionId);

        var entries = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?actorId={world.Therapist.Id}", TestApi.Json);
        Assert.Contains(entries.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "session.live.watch" && e.GetProperty("sessionId").GetString() == sessionId);
    }

    [Fact]
    public async Task Oversize_and_too_frequent_frames_are_dropped_and_not_queued()
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await patient.InvokeAsync("JoinAsPatient", sessionId);

        var oversize = await patient.InvokeAsync("SendFrame", sessionId, new byte[65537], 1, Now);
        var outcomes = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            outcomes.Add((await patient.InvokeAsync("SendFrame", sessionId, Frame, i + 2, Now)).GetString()!);
        }

        Assert.Equal(FrameOutcomes.RefusedSize, oversize.GetString());
        Assert.Contains(FrameOutcomes.RefusedRate, outcomes);
        Assert.True(outcomes.Count(o => o == FrameOutcomes.RefusedRate) >= 15, string.Join(",", outcomes));
    }

    [Fact]
    public async Task Frames_before_joining_are_refused_with_a_reason()
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));

        var error = await Assert.ThrowsAsync<HubError>(() => patient.InvokeAsync("SendFrame", sessionId, Frame, 1, Now));

        Assert.Contains("JoinAsPatient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_invocations_fail_for_that_caller_only()
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await patient.InvokeAsync("JoinAsPatient", sessionId);

        await Assert.ThrowsAsync<HubError>(() => patient.InvokeRawAsync("SendFrame", $$"""["{{sessionId}}", "not base64 !", "one", {}]"""));
        await Assert.ThrowsAsync<HubError>(() => patient.InvokeRawAsync("NoSuchMethod", "[]"));
        await Assert.ThrowsAsync<HubError>(() => patient.InvokeRawAsync("Watch", "[42, 43]"));

        Assert.Equal(FrameOutcomes.Queued, (await patient.InvokeAsync("SendFrame", sessionId, Frame, 1, Now)).GetString());
        Assert.Equal("live", (await therapist.InvokeAsync("Watch", sessionId)).GetProperty("status").GetString());
    }
}
