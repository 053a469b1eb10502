using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Hubs;
using EmoteCare.Api.Tests;

namespace EmoteCare.Security.Tests;

/// <summary>
/// Finding 2: a therapist watching a session kept receiving its insights after an admin reassigned the patient. Losing
/// the right to see a patient ends the live feed at once, and ending an account's credentials (a password change, an
/// admin disabling the account) ends its connections.
/// </summary>
public sealed class UnassignmentTests(LiveApiFixture fixture) : IClassFixture<LiveApiFixture>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    private TestApi Api => fixture.Api;

    [Fact]
    public async Task A_reassigned_patients_former_therapist_is_told_and_receives_no_more_insights_while_the_new_one_can_watch()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        await using var former = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await former.InvokeAsync("Watch", sessionId);
        await patient.InvokeAsync("JoinAsPatient", sessionId);

        (await world.Admin.Client.PutAsJsonAsync($"/api/assignments/{world.Patient.Id}", new { therapistId = world.OtherTherapist.Id })).EnsureSuccessStatusCode();

        var revoked = await former.NextAsync(HubEvents.AccessRevoked);
        Assert.Equal(sessionId, revoked.GetProperty("sessionId").GetString());
        Assert.Equal("unassigned", revoked.GetProperty("reason").GetString());
        var pendingBefore = former.Pending(HubEvents.Insight);

        await using var successor = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherTherapist));
        var snapshot = await successor.InvokeAsync("Watch", sessionId);
        Assert.Equal("live", snapshot.GetProperty("status").GetString());
        Assert.Equal(FrameOutcomes.Queued, (await patient.InvokeAsync("SendFrame", sessionId, Live.Frame, 1, Live.Now)).GetString());
        await NextInsightWithFramesAsync(successor);

        await Task.Delay(Quiet);
        Assert.Equal(pendingBefore, former.Pending(HubEvents.Insight));
        await Assert.ThrowsAsync<HubError>(() => former.InvokeAsync("Watch", sessionId));
    }

    [Fact]
    public async Task Removing_the_assignment_ends_the_former_therapists_feed()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        await using var former = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await former.InvokeAsync("Watch", sessionId);
        await patient.InvokeAsync("JoinAsPatient", sessionId);
        await patient.InvokeAsync("Watch", sessionId);

        (await world.Admin.Client.DeleteAsync(new Uri($"/api/assignments/{world.Patient.Id}", UriKind.Relative))).EnsureSuccessStatusCode();

        var revoked = await former.NextAsync(HubEvents.AccessRevoked);
        Assert.Equal("unassigned", revoked.GetProperty("reason").GetString());
        var pendingBefore = former.Pending(HubEvents.Insight);
        Assert.Equal(FrameOutcomes.Queued, (await patient.InvokeAsync("SendFrame", sessionId, Live.Frame, 1, Live.Now)).GetString());

        // The patient still watches their own session: the relay still delivers, just not to the former therapist.
        await NextInsightWithFramesAsync(patient);
        await Task.Delay(Quiet);
        Assert.Equal(pendingBefore, former.Pending(HubEvents.Insight));
    }

    [Fact]
    public async Task Unassignment_ends_the_former_therapists_call_tells_the_patients_page_and_refuses_further_signals()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        await using var former = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await former.InvokeAsync("JoinCall", sessionId, null);
        await patient.InvokeAsync("JoinCall", sessionId, null);
        Assert.Equal("joined", (await former.NextAsync(HubEvents.Call)).GetProperty("kind").GetString());

        (await world.Admin.Client.PutAsJsonAsync($"/api/assignments/{world.Patient.Id}", new { therapistId = world.OtherTherapist.Id })).EnsureSuccessStatusCode();

        var revoked = await former.NextAsync(HubEvents.AccessRevoked);
        Assert.Equal((sessionId, "unassigned"), (revoked.GetProperty("sessionId").GetString(), revoked.GetProperty("reason").GetString()));
        Assert.Equal("left", (await patient.NextAsync(HubEvents.Call)).GetProperty("kind").GetString());
        var signal = await Assert.ThrowsAsync<HubError>(() => former.InvokeAsync("SendSignal", sessionId, new { kind = "offer", callId = "c", sdp = "v=0" }));
        Assert.Contains("Join this session's call with JoinCall", signal.Message, StringComparison.Ordinal);
        var renewal = await Assert.ThrowsAsync<HubError>(() => former.InvokeAsync("RenewCallCredentials", sessionId));
        Assert.Contains("Join this session's call with JoinCall before renewing", renewal.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubError>(() => former.InvokeAsync("JoinCall", sessionId, null));
        // The new therapist reads the session but did not book it: the call is for its two participants only.
        await using var successor = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherTherapist));
        await Assert.ThrowsAsync<HubError>(() => successor.InvokeAsync("JoinCall", sessionId, null));
        await Task.Delay(Quiet);
        Assert.Equal(0, patient.Pending(HubEvents.Call));
    }

    [Fact]
    public async Task Changing_the_password_closes_every_hub_connection_of_the_account()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        await using var watching = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await using var idle = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));
        await watching.InvokeAsync("Watch", sessionId);

        (await world.Therapist.Client.PutAsJsonAsync("/api/me/password", new { currentPassword = world.Therapist.Password, newPassword = "a brand new passphrase 42" })).EnsureSuccessStatusCode();

        var revoked = await watching.NextAsync(HubEvents.AccessRevoked);
        Assert.Equal("credentialsChanged", revoked.GetProperty("reason").GetString());
        await watching.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await idle.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_admins_password_reset_closes_the_accounts_hub_connections_and_the_old_token_cannot_reconnect()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        var token = HubTestClient.TokenOf(world.Patient);
        await using var patient = await HubTestClient.ConnectAsync(Api, token);
        await patient.InvokeAsync("JoinAsPatient", sessionId);

        (await world.Admin.Client.PostAsync(new Uri($"/api/accounts/{world.Patient.Id}/password-reset", UriKind.Relative), null)).EnsureSuccessStatusCode();

        await patient.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<Exception>(() => HubTestClient.ConnectAsync(Api, token));
    }

    [Fact]
    public async Task Disabling_an_account_closes_every_hub_connection_of_it_at_once_and_its_token_cannot_reconnect()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        var token = HubTestClient.TokenOf(world.Patient);
        await using var streaming = await HubTestClient.ConnectAsync(Api, token);
        await using var idle = await HubTestClient.ConnectAsync(Api, token);
        await streaming.InvokeAsync("JoinAsPatient", sessionId);
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));

        (await world.Admin.Client.PostAsync(new Uri($"/api/accounts/{world.Patient.Id}/disable", UriKind.Relative), null)).EnsureSuccessStatusCode();

        var revoked = await streaming.NextAsync(HubEvents.AccessRevoked);
        Assert.Equal("accountDisabled", revoked.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, revoked.GetProperty("sessionId").ValueKind);
        await streaming.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await idle.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<Exception>(() => HubTestClient.ConnectAsync(Api, token));
        Assert.Equal("live", (await therapist.InvokeAsync("Watch", sessionId)).GetProperty("status").GetString());
    }

    private static async Task NextInsightWithFramesAsync(HubTestClient client)
    {
        JsonElement insight;
        do
        {
            insight = await client.NextAsync(HubEvents.Insight);
        }
        while (insight.GetProperty("aggregate").GetProperty("frames").GetInt64() == 0);
    }
}
