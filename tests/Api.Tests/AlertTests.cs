using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Api.Tests;

public sealed class AlertTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    /// <summary>Puts an alert in the therapist's inbox as the session grain does when a notable moment is raised.</summary>
    private static async Task RaiseAsync(World world, string momentId, DateTimeOffset at) =>
        await world.Grains.GetGrain<ITherapistGrain>(world.Therapist.Id).AddAlert(new SessionAlert(
            $"{world.SessionId}/{momentId}", world.SessionId, world.Patient.Id, world.Therapist.Id, NotableMomentKind.SustainedNegativeAffect, at, "Negative expressions for a while."));

    private static async Task<string[]> InboxAsync(Actor therapist)
    {
        var alerts = await therapist.Client.GetFromJsonAsync<JsonElement>("/api/alerts", TestApi.Json);
        return [.. alerts.EnumerateArray().Select(a => a.GetProperty("alertId").GetString()!)];
    }

    private static async Task<bool> AcknowledgeAsync(Actor therapist, string alertId)
    {
        var response = await therapist.Client.PostAsJsonAsync("/api/alerts/acknowledge", new { alertId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acknowledged").GetBoolean();
    }

    [Fact]
    public async Task Alerts_raised_while_nobody_watched_wait_oldest_first_until_acknowledged_once()
    {
        var world = await World.CreateAsync(Api);
        var now = DateTimeOffset.UtcNow;
        await RaiseAsync(world, "m2", now);
        await RaiseAsync(world, "m1", now.AddMinutes(-1));

        var before = await InboxAsync(world.Therapist);
        var first = await AcknowledgeAsync(world.Therapist, $"{world.SessionId}/m1");
        var again = await AcknowledgeAsync(world.Therapist, $"{world.SessionId}/m1");
        var after = await InboxAsync(world.Therapist);

        Assert.Equal([$"{world.SessionId}/m1", $"{world.SessionId}/m2"], before);
        Assert.True(first);
        Assert.False(again);
        Assert.Equal([$"{world.SessionId}/m2"], after);
    }

    [Fact]
    public async Task Another_therapist_cannot_acknowledge_an_alert_that_is_not_in_their_inbox()
    {
        var world = await World.CreateAsync(Api);
        await RaiseAsync(world, "m1", DateTimeOffset.UtcNow);

        var acknowledged = await AcknowledgeAsync(world.OtherTherapist, $"{world.SessionId}/m1");

        Assert.False(acknowledged);
        Assert.Equal([$"{world.SessionId}/m1"], await InboxAsync(world.Therapist));
        Assert.Empty(await InboxAsync(world.OtherTherapist));
    }

    [Fact]
    public async Task Reading_the_inbox_is_audited_per_patient_and_session()
    {
        var world = await World.CreateAsync(Api);
        await RaiseAsync(world, "m1", DateTimeOffset.UtcNow);

        await InboxAsync(world.Therapist);

        var audit = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?actorId={world.Therapist.Id}", TestApi.Json);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "therapist.alerts.read" && e.GetProperty("patientId").GetString() == world.Patient.Id && e.GetProperty("sessionId").GetString() == world.SessionId);
    }

    [Fact]
    public async Task A_patient_assigned_to_another_therapist_takes_their_alerts_out_of_the_answer()
    {
        var world = await World.CreateAsync(Api);
        await RaiseAsync(world, "m1", DateTimeOffset.UtcNow);

        (await world.Admin.Client.PutAsJsonAsync($"/api/assignments/{world.Patient.Id}", new { therapistId = world.OtherTherapist.Id })).EnsureSuccessStatusCode();

        Assert.Empty(await InboxAsync(world.Therapist));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-session/m1")]
    [InlineData("0123456789abcdef0123456789abcdef/")]
    [InlineData("0123456789abcdef0123456789abcdef/m1/extra")]
    public async Task A_malformed_alert_id_is_a_validation_problem(string alertId)
    {
        var world = await World.CreateAsync(Api);

        var response = await world.Therapist.Client.PostAsJsonAsync("/api/alerts/acknowledge", new { alertId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("alertId", out _));
    }
}
