using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Hubs;
using EmoteCare.Vision;

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
            ["Inference:ModelPath"] = Path.Combine(RepositoryFolder.FindAbove(AppContext.BaseDirectory)!, "tests", "Vision.Tests", "TestData", "emotion-test.onnx"),
            ["Inference:MaxBatchWait"] = "00:00:00.002",
            ["Inference:MaxFrameBytes"] = "65536",
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

    /// <summary>Who may call which hub method on a live, consented session; every caller not listed is refused.</summary>
    public static TheoryData<string, string, bool> HubMatrix => new()
    {
        { "patient", "JoinAsPatient", true },
        { "patient", "SendFrame", true },
        { "patient", "Watch", true },
        { "therapist", "JoinAsPatient", false },
        { "therapist", "SendFrame", false },
        { "therapist", "Watch", true },
        { "otherPatient", "JoinAsPatient", false },
        { "otherPatient", "SendFrame", false },
        { "otherPatient", "Watch", false },
        { "otherTherapist", "JoinAsPatient", false },
        { "otherTherapist", "SendFrame", false },
        { "otherTherapist", "Watch", false },
        { "admin", "JoinAsPatient", false },
        { "admin", "SendFrame", false },
        { "admin", "Watch", false },
    };

    [Theory]
    [MemberData(nameof(HubMatrix))]
    public async Task Hub_methods_are_allowed_to_the_sessions_own_participants_only(string caller, string method, bool allowed)
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        var actor = caller switch
        {
            "patient" => world.Patient,
            "therapist" => world.Therapist,
            "otherPatient" => world.OtherPatient,
            "otherTherapist" => world.OtherTherapist,
            _ => world.Admin,
        };
        await using var client = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(actor));

        var call = method switch
        {
            "JoinAsPatient" => () => client.InvokeAsync("JoinAsPatient", sessionId),
            // Streaming needs a join first; a caller who may not join cannot stream.
            "SendFrame" => async () =>
            {
                try
                {
                    await client.InvokeAsync("JoinAsPatient", sessionId);
                }
                catch (HubError)
                {
                    // Refused to join; the frame that follows must be refused too.
                }

                return await client.InvokeAsync("SendFrame", sessionId, Frame, 1, Now);
            },
            _ => new Func<Task<JsonElement>>(() => client.InvokeAsync(method, sessionId)),
        };

        if (allowed)
        {
            var result = await call();
            Assert.NotEqual(JsonValueKind.Undefined, result.ValueKind);
            if (method == "SendFrame")
            {
                Assert.Equal(FrameOutcomes.Queued, result.GetString());
            }
        }
        else
        {
            var refused = await Assert.ThrowsAsync<HubError>(call);
            Assert.DoesNotContain(world.Patient.Id, refused.Message, StringComparison.Ordinal);
            var snapshot = await world.Grains.GetGrain<Grains.Interfaces.ITherapySessionGrain>(sessionId).GetSnapshot();
            Assert.Equal(0, snapshot.Aggregate.Frames);
        }
    }

    [Fact]
    public async Task A_session_that_does_not_exist_is_refused_like_someone_elses()
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherPatient));
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherTherapist));

        var watchNotYours = await Assert.ThrowsAsync<HubError>(() => therapist.InvokeAsync("Watch", sessionId));
        var watchMissing = await Assert.ThrowsAsync<HubError>(() => therapist.InvokeAsync("Watch", Ids.New()));
        var joinNotYours = await Assert.ThrowsAsync<HubError>(() => patient.InvokeAsync("JoinAsPatient", sessionId));
        var joinMissing = await Assert.ThrowsAsync<HubError>(() => patient.InvokeAsync("JoinAsPatient", Ids.New()));

        Assert.Contains("not yours", watchNotYours.Message, StringComparison.Ordinal);
        Assert.Equal(watchNotYours.Message, watchMissing.Message);
        Assert.Equal(joinNotYours.Message, joinMissing.Message);
    }

    [Fact]
    public async Task Unwatch_stops_the_callers_insights_and_no_one_elses()
    {
        var (world, sessionId) = await LiveConsentedSessionAsync();
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var stranger = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherTherapist));
        await patient.InvokeAsync("JoinAsPatient", sessionId);
        await patient.InvokeAsync("Watch", sessionId);
        await therapist.InvokeAsync("Watch", sessionId);

        await stranger.InvokeAsync("Unwatch", sessionId);
        await patient.InvokeAsync("Unwatch", sessionId);
        var beforeFrame = patient.Pending(HubEvents.Insight);
        await patient.InvokeAsync("SendFrame", sessionId, Frame, 1, Now);

        JsonElement insight;
        do
        {
            insight = await therapist.NextAsync(HubEvents.Insight);
        }
        while (insight.GetProperty("aggregate").GetProperty("frames").GetInt64() == 0);

        // One group send reaches every watcher together; give a straggler time to arrive before concluding none will.
        await Task.Delay(300);
        Assert.Equal(beforeFrame, patient.Pending(HubEvents.Insight));
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
        var halfAgainTooLarge = await patient.InvokeAsync("SendFrame", sessionId, new byte[98304], 1, Now);
        var outcomes = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            outcomes.Add((await patient.InvokeAsync("SendFrame", sessionId, Frame, i + 2, Now)).GetString()!);
        }

        Assert.Equal(FrameOutcomes.RefusedSize, oversize.GetString());
        Assert.Equal(FrameOutcomes.RefusedSize, halfAgainTooLarge.GetString());
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
