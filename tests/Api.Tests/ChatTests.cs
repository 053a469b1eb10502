using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Hubs;
using EmoteCare.Grains.Conversation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Tests;

/// <summary>The support chat through REST and the chat hub: turns, the crisis path with live alerts, privacy and limits.</summary>
public sealed class ChatTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    // The real crisis detector flags this (C-SSRS item 5, a plan).
    private const string CrisisWords = "I have a plan to kill myself tonight";

    private TestApi Api => fixture.Api;

    private static async Task<JsonElement> PostAsync(Actor actor, string path, object? body = null)
    {
        var response = await actor.Client.PostAsJsonAsync(path, body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestApi.Json);
    }

    private static string[] Messages(JsonElement reply) => [.. reply.GetProperty("messages").EnumerateArray().Select(m => m.GetString()!)];

    private static async Task SetCountryAsync(Actor patient, string? country)
    {
        var response = await patient.Client.PutAsJsonAsync($"/api/patients/{patient.Id}/country", new { country });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_conversation_greets_tells_about_alerts_up_front_checks_in_and_offers_an_exercise()
    {
        var world = await World.CreateAsync(Api);

        var greeting = await PostAsync(world.Patient, "/api/chat/open");
        var low = await PostAsync(world.Patient, "/api/chat/messages", new { choiceId = "low" });
        var told = await PostAsync(world.Patient, "/api/chat/messages", new { text = "Work has been a lot lately." });
        var menu = await PostAsync(world.Patient, "/api/chat/messages", new { choiceId = "exercise" });
        var breathing = await PostAsync(world.Patient, "/api/chat/messages", new { text = "Box breathing" });

        Assert.Contains(Messages(greeting), m => m.Contains("tell your therapist at once", StringComparison.Ordinal));
        Assert.Equal("How are you feeling today?", Messages(greeting)[^1]);
        Assert.Equal("Would you like to tell me more about it?", Messages(low)[^1]);
        Assert.Equal("What would help most right now?", Messages(told)[^1]);
        Assert.Equal(5, menu.GetProperty("choices").GetArrayLength());
        Assert.Equal(4, breathing.GetProperty("timer").GetProperty("rounds").GetInt32());
        Assert.Equal(JsonValueKind.Null, breathing.GetProperty("helplines").ValueKind);
        Assert.StartsWith("coping@", breathing.GetProperty("flowVersion").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crisis_shows_the_countrys_helplines_and_the_therapists_page_receives_the_alert_live()
    {
        var world = await World.CreateAsync(Api);
        await SetCountryAsync(world.Patient, "US");
        await using var dashboard = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist), LiveHubExtensions.ChatHubPath);
        await dashboard.InvokeAsync("WatchAlerts");

        var reply = await PostAsync(world.Patient, "/api/chat/messages", new { text = CrisisWords });
        var live = await dashboard.NextAsync(ChatHubEvents.InboxAlert);

        Assert.True(reply.GetProperty("safety").GetBoolean());
        Assert.True(reply.GetProperty("therapistAlerted").GetBoolean());
        var links = reply.GetProperty("helplines").GetProperty("links").EnumerateArray().Select(l => l.GetProperty("href").GetString()).ToList();
        Assert.Equal(["tel:911", "tel:988", "sms:988"], links);
        Assert.Equal("chatCrisis", live.GetProperty("kind").GetString());
        Assert.Equal(world.Patient.Id, live.GetProperty("patientId").GetString());
        Assert.Contains(CrisisWords, live.GetProperty("description").GetString(), StringComparison.Ordinal);
        var inbox = await world.Therapist.Client.GetFromJsonAsync<JsonElement>("/api/alerts", TestApi.Json);
        Assert.Contains(inbox.EnumerateArray(), a => a.GetProperty("alertId").GetString() == live.GetProperty("alertId").GetString());
    }

    [Fact]
    public async Task Sos_takes_the_crisis_path_without_a_message_and_unknown_countries_get_the_fallback()
    {
        var world = await World.CreateAsync(Api);

        var reply = await PostAsync(world.Patient, "/api/chat/sos");

        Assert.Equal("You pressed SOS. Help is here.", Messages(reply)[0]);
        Assert.Equal(0, reply.GetProperty("helplines").GetProperty("links").GetArrayLength());
        Assert.Contains("local emergency number", reply.GetProperty("helplines").GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patient_without_a_therapist_reaches_the_on_call_therapist_who_sees_only_that_alert()
    {
        var onCall = await Api.CreateActorAsync(Role.Therapist);
        // The test host's options object is shared; naming the on-call therapist here stands in for configuration.
        Api.Services.GetRequiredService<IOptions<ConversationOptions>>().Value.OnCallTherapistIds.Add(onCall.Id);
        var alone = await Api.CreateActorAsync(Role.Patient);

        await PostAsync(alone, "/api/chat/messages", new { text = CrisisWords });

        var inbox = await onCall.Client.GetFromJsonAsync<JsonElement>("/api/alerts", TestApi.Json);
        var alert = Assert.Single(inbox.EnumerateArray());
        Assert.Equal(alone.Id, alert.GetProperty("patientId").GetString());
        var history = await onCall.Client.GetAsync($"/api/patients/{alone.Id}/history");
        Assert.Equal(HttpStatusCode.Forbidden, history.StatusCode);
    }

    [Fact]
    public async Task The_conversation_is_private_until_shared_and_the_therapists_read_is_audited()
    {
        var world = await World.CreateAsync(Api);
        await PostAsync(world.Patient, "/api/chat/open");
        await PostAsync(world.Patient, "/api/chat/messages", new { text = "I argued with my sister" });

        var privately = await world.Therapist.Client.GetAsync($"/api/chat/shared/{world.Patient.Id}");
        var share = await world.Patient.Client.PutAsJsonAsync("/api/chat/sharing", new { shared = true });
        var shared = await world.Therapist.Client.GetFromJsonAsync<JsonElement>($"/api/chat/shared/{world.Patient.Id}", TestApi.Json);
        var other = await world.OtherTherapist.Client.GetAsync($"/api/chat/shared/{world.Patient.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, privately.StatusCode);
        share.EnsureSuccessStatusCode();
        Assert.Contains(shared.GetProperty("entries").EnumerateArray(), e => e.GetProperty("text").GetString() == "I argued with my sister");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        var audit = await Api.Services.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(world.Patient.Id, world.Therapist.Id, null, null, null, 10), CancellationToken.None);
        Assert.Contains(audit, e => e.Action == AuditActions.ChatRead);
    }

    [Fact]
    public async Task Messages_never_reach_a_log_line()
    {
        var world = await World.CreateAsync(Api);
        var marker = $"marker{Guid.NewGuid():N}";

        await PostAsync(world.Patient, "/api/chat/messages", new { text = $"my secret {marker} is heavy" });
        await PostAsync(world.Patient, "/api/chat/messages", new { text = $"{CrisisWords} {marker}" });
        await using var hub = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient), LiveHubExtensions.ChatHubPath);
        await hub.InvokeAsync("Send", new { text = $"again {marker}" });

        Assert.NotEmpty(Api.Logs.Lines);
        Assert.DoesNotContain(Api.Logs.Lines, line => line.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_long_empty_or_ambiguous_messages_are_refused_with_problem_details()
    {
        var world = await World.CreateAsync(Api);
        var max = Api.Services.GetRequiredService<IOptions<ConversationOptions>>().Value.MaxMessageLength;

        var tooLong = await world.Patient.Client.PostAsJsonAsync("/api/chat/messages", new { text = new string('a', max + 1) });
        var both = await world.Patient.Client.PostAsJsonAsync("/api/chat/messages", new { text = "hi", choiceId = "low" });
        var empty = await world.Patient.Client.PostAsJsonAsync("/api/chat/messages", new { text = "  " });
        var therapist = await world.Therapist.Client.PostAsJsonAsync("/api/chat/messages", new { text = "hi" });

        foreach (var response in new[] { tooLong, both, empty })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.Forbidden, therapist.StatusCode);
    }

    [Fact]
    public async Task The_country_is_an_iso_code_set_by_the_patient_or_an_admin()
    {
        var world = await World.CreateAsync(Api);

        var uk = await world.Patient.Client.PutAsJsonAsync($"/api/patients/{world.Patient.Id}/country", new { country = "UK" });
        var gb = await world.Patient.Client.PutAsJsonAsync($"/api/patients/{world.Patient.Id}/country", new { country = "GB" });
        var someoneElse = await world.OtherPatient.Client.PutAsJsonAsync($"/api/patients/{world.Patient.Id}/country", new { country = "IE" });
        var admin = await world.Admin.Client.PutAsJsonAsync($"/api/patients/{world.Patient.Id}/country", new { country = "IE" });

        Assert.Equal(HttpStatusCode.BadRequest, uk.StatusCode);
        gb.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, someoneElse.StatusCode);
        admin.EnsureSuccessStatusCode();
        var sos = await PostAsync(world.Patient, "/api/chat/sos");
        Assert.Equal("IE", sos.GetProperty("helplines").GetProperty("country").GetString());
    }

    [Fact]
    public async Task A_patient_chats_through_the_hub_and_a_therapist_cannot()
    {
        var world = await World.CreateAsync(Api);
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient), LiveHubExtensions.ChatHubPath);
        await using var therapist = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist), LiveHubExtensions.ChatHubPath);

        var greeting = await patient.InvokeAsync("Open");
        var reply = await patient.InvokeAsync("Send", new { choiceId = "good" });
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => therapist.InvokeAsync("Open"));

        Assert.Equal("checkin", greeting.GetProperty("node").GetString());
        Assert.Equal("What has helped today?", Messages(reply)[^1]);
        Assert.Contains("for patients", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_reset_closes_the_patients_chat_connection()
    {
        var world = await World.CreateAsync(Api);
        await using var hub = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient), LiveHubExtensions.ChatHubPath);
        await hub.InvokeAsync("Open");

        (await world.Admin.Client.PostAsync(new Uri($"/api/accounts/{world.Patient.Id}/password-reset", UriKind.Relative), null)).EnsureSuccessStatusCode();

        Assert.Same(hub.Closed, await Task.WhenAny(hub.Closed, Task.Delay(TimeSpan.FromSeconds(15))));
    }

    [Fact]
    public async Task Signing_out_closes_that_sign_ins_chat_connection_and_disabling_the_account_closes_the_rest()
    {
        var world = await World.CreateAsync(Api);
        await using var signedOut = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient), LiveHubExtensions.ChatHubPath);
        using var elsewhere = await Api.SignInAsync(world.Patient.Account.Email, world.Patient.Password);
        await using var other = await HubTestClient.ConnectAsync(Api, elsewhere.DefaultRequestHeaders.Authorization!.Parameter!, LiveHubExtensions.ChatHubPath);
        await signedOut.InvokeAsync("Open");
        await other.InvokeAsync("Open");

        (await world.Patient.Client.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null)).EnsureSuccessStatusCode();

        Assert.Same(signedOut.Closed, await Task.WhenAny(signedOut.Closed, Task.Delay(TimeSpan.FromSeconds(15))));
        await other.InvokeAsync("Open");

        (await world.Admin.Client.PostAsync(new Uri($"/api/accounts/{world.Patient.Id}/disable", UriKind.Relative), null)).EnsureSuccessStatusCode();

        Assert.Same(other.Closed, await Task.WhenAny(other.Closed, Task.Delay(TimeSpan.FromSeconds(15))));
    }
}
