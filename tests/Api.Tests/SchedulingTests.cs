using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Api.Tests;

public sealed class SchedulingTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    private static string Range(DateTimeOffset from, DateTimeOffset to) =>
        $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}";

    private static async Task<SessionItem[]> SessionsAsync(HttpClient client, DateTimeOffset from, DateTimeOffset to) =>
        (await client.GetFromJsonAsync<SessionItem[]>($"/api/sessions?{Range(from, to)}", TestApi.Json))!;

    private static async Task<Slots> SlotsAsync(HttpClient client, string patientId, DateTimeOffset from, DateTimeOffset to, string? timeZone = null) =>
        (await client.GetFromJsonAsync<Slots>($"/api/patients/{patientId}/slots?{Range(from, to)}{(timeZone is null ? "" : $"&timeZone={Uri.EscapeDataString(timeZone)}")}", TestApi.Json))!;

    [Fact]
    public async Task A_hundred_requests_for_one_slot_at_once_book_it_once_and_the_other_ninety_nine_get_a_conflict()
    {
        var world = await World.CreateAsync(Api);
        var start = await world.FreeSlotAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => world.Patient.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { start })));

        var statuses = string.Join(", ", responses.GroupBy(r => r.StatusCode).Select(g => $"{g.Key}: {g.Count()}"));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, statuses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict) == 99, statuses);
        var conflicts = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToArray();
        Assert.Equal(99, conflicts.Length);
        foreach (var conflict in conflicts)
        {
            var problem = await Problem.AssertAsync(conflict, HttpStatusCode.Conflict);
            Assert.Contains("already booked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Single(await SessionsAsync(world.Therapist.Client, start.AddMinutes(-1), start.AddMinutes(1)));
    }

    [Fact]
    public async Task The_patient_books_a_free_slot_their_therapist_sees_it_and_the_patient_cancels_it()
    {
        var world = await World.CreateAsync(Api);
        await world.EnsurePracticeAsync();
        var from = DateTimeOffset.UtcNow.AddDays(3);
        var before = await SlotsAsync(world.Patient.Client, world.Patient.Id, from, from.AddDays(1));
        var slot = before.Items[0];

        var booked = await world.Patient.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { start = slot.Start });

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var session = (await booked.Content.ReadFromJsonAsync<SessionItem>(TestApi.Json))!;
        Assert.Equal((world.Patient.Id, world.Therapist.Id, slot.Start, "scheduled"), (session.PatientId, session.TherapistId, session.ScheduledFor, session.Status));
        Assert.Contains(await SessionsAsync(world.Therapist.Client, from, from.AddDays(1)), s => s.Id == session.Id);
        Assert.DoesNotContain(slot, (await SlotsAsync(world.Therapist.Client, world.Patient.Id, from, from.AddDays(1))).Items);
        var notifications = await world.Therapist.Client.GetFromJsonAsync<JsonElement>("/api/me/notifications");
        Assert.True(notifications.GetProperty("unread").GetInt32() >= 1);

        var cancelled = await world.Patient.Client.PostAsync($"/api/sessions/{session.Id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<SessionItem>(TestApi.Json))!.Status);
        Assert.DoesNotContain(await SessionsAsync(world.Therapist.Client, from, from.AddDays(1)), s => s.Id == session.Id);
        Assert.Contains(slot, (await SlotsAsync(world.Patient.Client, world.Patient.Id, from, from.AddDays(1))).Items);
        await Problem.AssertAsync(await world.Therapist.Client.PostAsync($"/api/sessions/{session.Id}/start", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_therapist_books_for_the_patient_and_moves_it_to_another_free_slot()
    {
        var world = await World.CreateAsync(Api);
        var first = await world.FreeSlotAsync();
        var booked = await world.Therapist.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { start = first });
        var session = (await booked.Content.ReadFromJsonAsync<SessionItem>(TestApi.Json))!;
        var second = await world.FreeSlotAsync();

        var moved = await world.Therapist.Client.PostAsJsonAsync($"/api/sessions/{session.Id}/reschedule", new { start = second });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(second, (await world.Patient.Client.GetFromJsonAsync<SessionItem>($"/api/sessions/{session.Id}", TestApi.Json))!.ScheduledFor);
        Assert.Contains(await SessionsAsync(world.Patient.Client, second.AddMinutes(-1), second.AddMinutes(1)), s => s.Id == session.Id);
        Assert.Equal(first, await world.FreeSlotAsync());
    }

    [Fact]
    public async Task Slots_are_shown_in_the_time_zone_asked_for_on_that_zones_clock()
    {
        var world = await World.CreateAsync(Api);
        await world.EnsurePracticeAsync();
        var from = DateTimeOffset.UtcNow.AddDays(2);

        var utc = await SlotsAsync(world.Patient.Client, world.Patient.Id, from, from.AddDays(2));
        var newYork = await SlotsAsync(world.Patient.Client, world.Patient.Id, from, from.AddDays(2), "America/New_York");

        Assert.Equal(("UTC", "America/New_York"), (utc.TimeZone, newYork.TimeZone));
        Assert.NotEmpty(newYork.Items);
        Assert.Equal(utc.Items.Select(s => s.Start.UtcDateTime), newYork.Items.Select(s => s.Start.UtcDateTime));
        Assert.All(newYork.Items, s => Assert.Contains(s.Start.Offset, new[] { TimeSpan.FromHours(-4), TimeSpan.FromHours(-5) }));
        Assert.All(utc.Items, s => Assert.Equal(TimeSpan.Zero, s.Start.Offset));
    }

    [Fact]
    public async Task Bad_bookings_and_questions_get_clear_problems_and_change_nothing()
    {
        var world = await World.CreateAsync(Api);
        var taken = await world.NewBookedSessionAsync();
        var slot = await world.FreeSlotAsync();
        var takenStart = (await world.Patient.Client.GetFromJsonAsync<SessionItem>($"/api/sessions/{taken}", TestApi.Json))!.ScheduledFor;
        var book = $"/api/patients/{world.Patient.Id}/bookings";
        var window = (DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(20));
        var sessionsBefore = await SessionsAsync(world.Patient.Client, window.Item1, window.Item2);

        await Problem.AssertValidationAsync(await world.Patient.Client.PostAsJsonAsync(book, new { start = DateTimeOffset.UtcNow.AddDays(-1) }), "start");
        await Problem.AssertValidationAsync(await world.Patient.Client.PostAsJsonAsync(book, new { start = slot.AddMinutes(7) }), "start");
        await Problem.AssertValidationAsync(await world.Patient.Client.PostAsJsonAsync(book, new { start = slot.AddDays(500) }), "start");
        await Problem.AssertValidationAsync(await world.Patient.Client.PostAsJsonAsync(book, new { }), "start");
        await Problem.AssertAsync(await world.Patient.Client.PostAsJsonAsync(book, new { start = takenStart }), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await world.OtherTherapist.Client.PostAsJsonAsync(book, new { start = slot }), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await world.OtherPatient.Client.PostAsJsonAsync(book, new { start = slot }), HttpStatusCode.Forbidden);
        var slots = $"/api/patients/{world.Patient.Id}/slots";
        await Problem.AssertValidationAsync(await world.Patient.Client.GetAsync($"{slots}?{Range(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90))}"), "to");
        await Problem.AssertValidationAsync(await world.Patient.Client.GetAsync($"{slots}?{Range(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(1900, 1, 2, 0, 0, 0, TimeSpan.Zero))}"), "to");
        await Problem.AssertValidationAsync(await world.Patient.Client.GetAsync($"{slots}?{Range(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1))}&timeZone=Mars%2FOlympus"), "timeZone");
        await Problem.AssertValidationAsync(await world.Patient.Client.GetAsync($"{slots}?{Range(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(-1))}"), "to");

        Assert.Equal(sessionsBefore.Select(s => s.Id), (await SessionsAsync(world.Patient.Client, window.Item1, window.Item2)).Select(s => s.Id));
        Assert.Equal(slot, await world.FreeSlotAsync());
    }

    [Fact]
    public async Task Leave_outside_hours_and_the_notice_period_are_refused()
    {
        var world = await World.CreateAsync(Api);
        var leaveDay = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(5));
        await world.Grains.GetGrain<ITherapistGrain>(world.Therapist.Id).SetPractice(World.EveryDay with { Leave = [new LeavePeriod(leaveDay, leaveDay)] });
        var onLeave = new DateTimeOffset(leaveDay.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        var early = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(3).AddHours(5), TimeSpan.Zero); // 06:00 or 07:00 in Berlin
        var soonSlot = (await SlotsAsync(world.Patient.Client, world.Patient.Id, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddDays(1))).Items[0];
        var soon = await world.Patient.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { start = soonSlot.Start });
        var soonId = (await soon.Content.ReadFromJsonAsync<SessionItem>(TestApi.Json))!.Id;

        var leave = await Problem.AssertValidationAsync(await world.Patient.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { start = onLeave }), "start");
        var hours = await Problem.AssertValidationAsync(await world.Patient.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { start = early }), "start");
        var late = await Problem.AssertAsync(await world.Patient.Client.PostAsync($"/api/sessions/{soonId}/cancel", null), HttpStatusCode.Conflict);

        Assert.Contains("leave", leave.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("working hours", hours.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("notice period", late.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("scheduled", (await world.Patient.Client.GetFromJsonAsync<SessionItem>($"/api/sessions/{soonId}", TestApi.Json))!.Status);
    }

    [Fact]
    public async Task The_calendar_feed_shows_only_the_owners_sessions_without_patient_detail_and_stops_when_revoked()
    {
        var world = await World.CreateAsync(Api);
        var mine = await world.NewBookedSessionAsync();
        using var anonymous = Api.CreateClient();
        var created = await world.Patient.Client.PostAsync("/api/me/calendar-feed", null);
        var url = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);

        var feed = await anonymous.GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        var ics = await feed.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Contains($"UID:{mine}@emotecare", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:EmoteCare session", ics, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Patient.Account.DisplayName, ics, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Patient.Account.Email, ics, StringComparison.Ordinal);
        Assert.True((await world.Patient.Client.GetFromJsonAsync<JsonElement>("/api/me/calendar-feed")).GetProperty("active").GetBoolean());

        var otherUrl = url.PathAndQuery.Replace(world.Patient.Id, world.OtherPatient.Id, StringComparison.Ordinal);
        await Problem.AssertAsync(await anonymous.GetAsync(otherUrl), HttpStatusCode.NotFound);
        var tampered = url.PathAndQuery[..^5] + (url.PathAndQuery[^5] == '0' ? "1" : "0") + ".ics";
        await Problem.AssertAsync(await anonymous.GetAsync(tampered), HttpStatusCode.NotFound);

        var regenerated = await world.Patient.Client.PostAsync("/api/me/calendar-feed", null);
        var newUrl = new Uri((await regenerated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
        await Problem.AssertAsync(await anonymous.GetAsync(url.PathAndQuery), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(newUrl.PathAndQuery)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await world.Patient.Client.DeleteAsync("/api/me/calendar-feed")).StatusCode);
        await Problem.AssertAsync(await anonymous.GetAsync(newUrl.PathAndQuery), HttpStatusCode.NotFound);
        Assert.False((await world.Patient.Client.GetFromJsonAsync<JsonElement>("/api/me/calendar-feed")).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_session_that_has_started_cannot_be_moved_or_cancelled_and_its_slot_stays_taken()
    {
        var world = await World.CreateAsync(Api);
        var sessionId = await world.NewBookedSessionAsync();
        await world.Grains.GetGrain<ITherapySessionGrain>(sessionId).Start();

        await Problem.AssertAsync(await world.Patient.Client.PostAsync($"/api/sessions/{sessionId}/cancel", null), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await world.Patient.Client.PostAsJsonAsync($"/api/sessions/{sessionId}/reschedule", new { start = await world.FreeSlotAsync() }), HttpStatusCode.Conflict);

        var bookings = await world.Grains.GetGrain<ITherapistCalendarGrain>(world.Therapist.Id).GetBookings(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30));
        Assert.Contains(bookings, b => b.SessionId == sessionId);
    }

    [Fact]
    public async Task Notifications_count_unread_until_marked_read()
    {
        var world = await World.CreateAsync(Api);
        await world.Patient.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { start = await world.FreeSlotAsync() });

        var before = await world.Patient.Client.GetFromJsonAsync<JsonElement>("/api/me/notifications");
        var read = await world.Patient.Client.PostAsync("/api/me/notifications/read", null);
        var after = await world.Patient.Client.GetFromJsonAsync<JsonElement>("/api/me/notifications");

        Assert.Equal(1, before.GetProperty("unread").GetInt32());
        Assert.Equal("sessionBooked", before.GetProperty("items")[0].GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.Equal(0, after.GetProperty("unread").GetInt32());
        Assert.Equal(0, (await world.OtherPatient.Client.GetFromJsonAsync<JsonElement>("/api/me/notifications")).GetProperty("items").GetArrayLength());
    }

    private sealed record Slot(DateTimeOffset Start, DateTimeOffset End);

    private sealed record Slots(string TherapistId, string TimeZone, Slot[] Items);

    private sealed record SessionItem(string Id, string PatientId, string TherapistId, DateTimeOffset ScheduledFor, string? Status);
}
