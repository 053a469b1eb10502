using System.Text.Json;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Calls;
using EmoteCare.Api.Hubs;
using EmoteCare.Api.Sessions;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Api.Tests;

/// <summary>
/// The call's signalling over the live hub: only a live session's two participants join its call and signal each other,
/// malformed or over-size signals are refused with the reason, and TURN credentials are issued per user without the secret.
/// </summary>
public sealed class CallSignallingTests(CallSignallingTests.Fixture fixture) : IClassFixture<CallSignallingTests.Fixture>
{
    private const string TurnSecret = "a-test-secret-that-is-long-enough";

    private TestApi Api => fixture.Api;

    /// <summary>An Api with a STUN and a TURN server configured.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal TestApi Api { get; private set; } = null!;

        public async Task InitializeAsync() => Api = await TestApi.StartAsync(new Dictionary<string, string?>
        {
            ["Live:Ice:StunUrls:0"] = "stun:stun.test.example:3478",
            ["Live:Ice:TurnUrls:0"] = "turn:turn.test.example:3478?transport=udp",
            ["Live:Ice:TurnSecret"] = TurnSecret,
            ["Live:Ice:TurnCredentialLifetime"] = "01:00:00",
        });

        public async Task DisposeAsync() => await Api.DisposeAsync();
    }

    private static object Offer(string sdp) => new { kind = "offer", callId = "call-1", sdp };

    [Fact]
    public async Task The_two_participants_signal_each_other_and_the_answer_holds_per_user_turn_credentials_without_the_secret()
    {
        var world = await World.CreateAsync(Api);
        var sessionId = await world.NewLiveSessionAsync();
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));

        var before = DateTimeOffset.UtcNow;
        var therapistJoin = await therapist.InvokeAsync("JoinCall", sessionId, null);
        var patientJoin = await patient.InvokeAsync("JoinCall", sessionId, null);
        var joined = await therapist.NextAsync(HubEvents.Call);
        await patient.InvokeAsync("SendSignal", sessionId, Offer("v=0 from the patient"));
        var offer = await therapist.NextAsync(HubEvents.Call);
        await therapist.InvokeAsync("SendSignal", sessionId, new { kind = "candidate", callId = "call-1", candidate = "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host", sdpMid = "0", sdpMLineIndex = 0 });
        var candidate = await patient.NextAsync(HubEvents.Call);
        await patient.InvokeAsync("LeaveCall", sessionId);
        var left = await therapist.NextAsync(HubEvents.Call);

        Assert.Equal(("therapist", "patient"), (therapistJoin.GetProperty("role").GetString(), patientJoin.GetProperty("role").GetString()));
        Assert.Equal(("joined", "therapist"), (joined.GetProperty("kind").GetString(), joined.GetProperty("to").GetString()));
        Assert.Equal(("offer", "v=0 from the patient", sessionId), (offer.GetProperty("kind").GetString(), offer.GetProperty("sdp").GetString(), offer.GetProperty("sessionId").GetString()));
        Assert.Equal(("candidate", "0"), (candidate.GetProperty("kind").GetString(), candidate.GetProperty("sdpMid").GetString()));
        Assert.Equal("left", left.GetProperty("kind").GetString());
        Assert.DoesNotContain(TurnSecret, patientJoin.GetRawText(), StringComparison.Ordinal);
        var servers = patientJoin.GetProperty("iceServers").EnumerateArray().ToList();
        Assert.Equal("stun:stun.test.example:3478", servers[0].GetProperty("urls")[0].GetString());
        var turn = servers[1];
        var username = turn.GetProperty("username").GetString()!;
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(world.Patient.Id, username.Split(':')[1]);
        Assert.InRange(expiry, before.AddHours(1).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1).AddSeconds(1));
        Assert.Equal(TurnCredentials.Issue(TurnSecret, world.Patient.Id, expiry.AddHours(-1), TimeSpan.FromHours(1)).Password, turn.GetProperty("credential").GetString());
        Assert.NotEqual(username, therapistJoin.GetProperty("iceServers")[1].GetProperty("username").GetString());
        Assert.False(patientJoin.GetProperty("relayOnly").GetBoolean());
    }

    [Fact]
    public async Task Outsiders_are_refused_the_call_and_cannot_signal_into_someone_elses_session()
    {
        var world = await World.CreateAsync(Api);
        var sessionId = await world.NewLiveSessionAsync();
        var otherSessionId = await OtherPairsLiveSessionAsync(world);
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var otherPatient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherPatient));
        await using var otherTherapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherTherapist));
        await using var admin = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Admin));
        await therapist.InvokeAsync("JoinCall", sessionId, null);

        var joinRefusals = new List<HubError>();
        foreach (var outsider in new[] { otherPatient, otherTherapist, admin })
        {
            joinRefusals.Add(await Assert.ThrowsAsync<HubError>(() => outsider.InvokeAsync("JoinCall", sessionId, null)));
        }

        // The other patient is in a call of their own, and aims a candidate at this session.
        await otherPatient.InvokeAsync("JoinCall", otherSessionId, null);
        var signalRefused = await Assert.ThrowsAsync<HubError>(() => otherPatient.InvokeAsync("SendSignal", sessionId, new { kind = "candidate", callId = "x", candidate = "candidate:1 1 udp 1 203.0.113.9 9 typ host" }));
        var missingRefused = await Assert.ThrowsAsync<HubError>(() => therapist.InvokeAsync("JoinCall", Ids.New(), null));

        Assert.All(joinRefusals, refusal => Assert.EndsWith("HubException: This session does not exist or is not yours.", refusal.Message, StringComparison.Ordinal));
        Assert.EndsWith("HubException: This session does not exist or is not yours.", missingRefused.Message, StringComparison.Ordinal);
        Assert.Contains("Join this session's call with JoinCall before signalling", signalRefused.Message, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Equal(0, therapist.Pending(HubEvents.Call));
    }

    [Fact]
    public async Task Over_size_sdp_and_malformed_signals_are_refused_with_the_reason_and_reach_no_one()
    {
        await using var call = await JoinedCallAsync(await World.CreateAsync(Api));
        var (sessionId, therapist, patient) = (call.SessionId, call.Therapist, call.Patient);

        var oversize = await Assert.ThrowsAsync<HubError>(() => therapist.InvokeAsync("SendSignal", sessionId, Offer(new string('a', CallLimits.MaxSdpChars + 1))));
        var noSdp = await Assert.ThrowsAsync<HubError>(() => therapist.InvokeAsync("SendSignal", sessionId, new { kind = "answer", callId = "call-1" }));
        var joinedForged = await Assert.ThrowsAsync<HubError>(() => therapist.InvokeAsync("SendSignal", sessionId, new { kind = "left", callId = "call-1" }));
        var longCandidate = await Assert.ThrowsAsync<HubError>(() => therapist.InvokeAsync("SendSignal", sessionId, new { kind = "candidate", callId = "call-1", candidate = new string('c', CallLimits.MaxCandidateChars + 1) }));
        var atTheLimit = await therapist.InvokeAsync("SendSignal", sessionId, Offer(new string('a', CallLimits.MaxSdpChars)));

        Assert.EndsWith($"HubException: The SDP is {CallLimits.MaxSdpChars + 1} characters long; at most {CallLimits.MaxSdpChars} are accepted.", oversize.Message, StringComparison.Ordinal);
        Assert.EndsWith("HubException: An answer needs its SDP.", noSdp.Message, StringComparison.Ordinal);
        Assert.Contains("join or leave the call with JoinCall and LeaveCall", joinedForged.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {CallLimits.MaxCandidateChars} characters", longCandidate.Message, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, atTheLimit.ValueKind);
        var delivered = await patient.NextAsync(HubEvents.Call);
        Assert.Equal(CallLimits.MaxSdpChars, delivered.GetProperty("sdp").GetString()!.Length);
        await Task.Delay(300);
        Assert.Equal(0, patient.Pending(HubEvents.Call));
    }

    [Fact]
    public async Task Of_two_connections_of_the_therapist_only_the_newer_gets_signals_and_the_older_is_told_and_can_neither_signal_nor_hang_up()
    {
        var world = await World.CreateAsync(Api);
        var sessionId = await world.NewLiveSessionAsync();
        await using var older = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var newer = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await older.InvokeAsync("JoinCall", sessionId, null);
        await patient.InvokeAsync("JoinCall", sessionId, null);
        Assert.Equal("joined", (await older.NextAsync(HubEvents.Call)).GetProperty("kind").GetString());

        await newer.InvokeAsync("JoinCall", sessionId, null);
        var replaced = await older.NextAsync(HubEvents.Call);
        var joined = await patient.NextAsync(HubEvents.Call);
        await patient.InvokeAsync("SendSignal", sessionId, Offer("v=0 for the newer tab"));
        var offer = await newer.NextAsync(HubEvents.Call);
        var olderSignal = await Assert.ThrowsAsync<HubError>(() => older.InvokeAsync("SendSignal", sessionId, Offer("v=0 from the older tab")));
        var olderRenewal = await Assert.ThrowsAsync<HubError>(() => older.InvokeAsync("RenewCallCredentials", sessionId));
        await older.InvokeAsync("LeaveCall", sessionId);
        await Task.Delay(300);
        var patientPendingAfterOlderLeft = patient.Pending(HubEvents.Call);
        await newer.InvokeAsync("LeaveCall", sessionId);
        var left = await patient.NextAsync(HubEvents.Call);

        Assert.Equal(("replaced", "therapist"), (replaced.GetProperty("kind").GetString(), replaced.GetProperty("to").GetString()));
        Assert.Equal("joined", joined.GetProperty("kind").GetString());
        Assert.Equal("v=0 for the newer tab", offer.GetProperty("sdp").GetString());
        Assert.All([olderSignal, olderRenewal], refusal => Assert.EndsWith("HubException: This call continues in another window or device of yours; join it again here to take it over.", refusal.Message, StringComparison.Ordinal));
        Assert.Equal(0, patientPendingAfterOlderLeft);
        Assert.Equal("left", left.GetProperty("kind").GetString());
        Assert.Equal(0, older.Pending(HubEvents.Call));
    }

    [Fact]
    public async Task Only_the_seat_holder_renews_its_turn_credentials_and_the_new_ones_expire_later()
    {
        var world = await World.CreateAsync(Api);
        var sessionId = await world.NewLiveSessionAsync();
        var otherSessionId = await OtherPairsLiveSessionAsync(world);
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var otherPatient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherPatient));
        await otherPatient.InvokeAsync("JoinCall", otherSessionId, null);
        var joined = await patient.InvokeAsync("JoinCall", sessionId, null);
        var beforeJoining = await Assert.ThrowsAsync<HubError>(() => therapist.InvokeAsync("RenewCallCredentials", sessionId));
        var outsider = await Assert.ThrowsAsync<HubError>(() => otherPatient.InvokeAsync("RenewCallCredentials", sessionId));

        // Credentials expire on whole seconds: a renewal a second later expires at least a second later.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var renewed = await patient.InvokeAsync("RenewCallCredentials", sessionId);
        await world.Grains.GetGrain<ITherapySessionGrain>(sessionId).End();
        var afterEnd = await Assert.ThrowsAsync<HubError>(() => patient.InvokeAsync("RenewCallCredentials", sessionId));

        static (string Username, long ExpiresAt, long RenewIn) Turn(JsonElement answer) =>
            (answer.GetProperty("iceServers")[1].GetProperty("username").GetString()!, answer.GetProperty("credentialsExpireAtUnixMs").GetInt64(), answer.GetProperty("renewCredentialsInMs").GetInt64());
        var (firstUser, firstExpiry, firstRenewIn) = Turn(joined);
        var (renewedUser, renewedExpiry, renewedRenewIn) = Turn(renewed);
        Assert.True(renewedExpiry >= firstExpiry + 1000, $"The renewed credentials expire at {renewedExpiry}, not after the first ones ({firstExpiry}).");
        Assert.NotEqual(firstUser, renewedUser);
        Assert.EndsWith($":{world.Patient.Id}", renewedUser, StringComparison.Ordinal);
        Assert.Equal(TurnCredentials.Issue(TurnSecret, world.Patient.Id, DateTimeOffset.FromUnixTimeMilliseconds(renewedExpiry).AddHours(-1), TimeSpan.FromHours(1)).Password, renewed.GetProperty("iceServers")[1].GetProperty("credential").GetString());
        // One hour of lifetime: renewed a quarter of it (15 minutes) before the expiry.
        Assert.All([firstRenewIn, renewedRenewIn], renewIn => Assert.InRange(renewIn, TimeSpan.FromMinutes(44).TotalMilliseconds, TimeSpan.FromMinutes(45).TotalMilliseconds));
        Assert.Equal(("patient", sessionId), (renewed.GetProperty("role").GetString(), renewed.GetProperty("sessionId").GetString()));
        Assert.All([beforeJoining, outsider], refusal => Assert.Contains("Join this session's call with JoinCall before renewing its credentials", refusal.Message, StringComparison.Ordinal));
        Assert.Contains("HubException: The session is not live", afterEnd.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_patients_page_asks_the_therapists_page_to_restart_ice()
    {
        await using var call = await JoinedCallAsync(await World.CreateAsync(Api));
        var (sessionId, therapist, patient) = (call.SessionId, call.Therapist, call.Patient);

        await patient.InvokeAsync("SendSignal", sessionId, new { kind = "restartIce", callId = "call-1" });
        var restart = await therapist.NextAsync(HubEvents.Call);
        var noCallId = await Assert.ThrowsAsync<HubError>(() => patient.InvokeAsync("SendSignal", sessionId, new { kind = "restartIce" }));

        Assert.Equal(("restartIce", "call-1"), (restart.GetProperty("kind").GetString(), restart.GetProperty("callId").GetString()));
        Assert.Contains("needs a call id", noCallId.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_call_opens_only_while_the_session_is_live()
    {
        var world = await World.CreateAsync(Api);
        var scheduled = await world.NewScheduledSessionAsync();
        var live = await world.NewLiveSessionAsync();
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));

        var beforeStart = await Assert.ThrowsAsync<HubError>(() => patient.InvokeAsync("JoinCall", scheduled, null));
        var afterEnd = await Assert.ThrowsAsync<HubError>(() => patient.InvokeAsync("JoinCall", world.EndedSessionId, null));
        await patient.InvokeAsync("JoinCall", live, null);
        await world.Grains.GetGrain<ITherapySessionGrain>(live).End();
        var signalAfterEnd = await Assert.ThrowsAsync<HubError>(() => patient.InvokeAsync("SendSignal", live, Offer("v=0")));

        Assert.All([beforeStart, afterEnd, signalAfterEnd], refusal => Assert.Contains("HubException: The session is not live", refusal.Message, StringComparison.Ordinal));
    }

    /// <summary>A live session of the world's pair with both in its call, the therapist having heard the patient join.</summary>
    private async Task<JoinedCall> JoinedCallAsync(World world)
    {
        var sessionId = await world.NewLiveSessionAsync();
        var call = new JoinedCall(
            sessionId,
            await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist)),
            await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient)));
        await call.Therapist.InvokeAsync("JoinCall", sessionId, null);
        await call.Patient.InvokeAsync("JoinCall", sessionId, null);
        await call.Therapist.NextAsync(HubEvents.Call);
        return call;
    }

    private static async Task<string> OtherPairsLiveSessionAsync(World world)
    {
        var session = await world.Api.Services.GetRequiredService<SessionIndex>().ScheduleAsync(new SessionRecord(Ids.New(), world.OtherPatient.Id, world.OtherTherapist.Id, DateTimeOffset.UtcNow), CancellationToken.None);
        await world.Grains.GetGrain<ITherapySessionGrain>(session.Id).Start();
        return session.Id;
    }

    private sealed record JoinedCall(string SessionId, HubTestClient Therapist, HubTestClient Patient) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Therapist.DisposeAsync();
            await Patient.DisposeAsync();
        }
    }
}
