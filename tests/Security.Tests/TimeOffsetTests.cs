using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Endpoints;
using EmoteCare.Api.Tests;

namespace EmoteCare.Security.Tests;

/// <summary>
/// Finding 4: any time with a non-UTC offset gave 500, because Npgsql writes timestamptz only from UTC values. Every
/// endpoint that takes a time is called here with offsets, and answers as it does for the same instant in UTC.
/// </summary>
public sealed class TimeOffsetTests(TimeOffsetTests.Fixture fixture) : IClassFixture<TimeOffsetTests.Fixture>
{
    private World World => fixture.World;

    [Fact]
    public async Task The_audit_trail_takes_times_with_offsets()
    {
        await World.Patient.Client.PutAsJsonAsync($"/api/sessions/{World.SessionId}/consent", new { facialAnalysis = true });
        var now = DateTimeOffset.UtcNow;

        var response = await World.Admin.Client.GetAsync(
            $"/api/audit?patientId={World.Patient.Id}&from={Offset(now.AddHours(-1), 1)}&to={Offset(now.AddHours(1), 1)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(page.GetProperty("items").EnumerateArray(), entry => entry.GetProperty("sessionId").GetString() == World.SessionId);
    }

    [Fact]
    public async Task The_audit_trail_compares_instants_not_wall_clock_times()
    {
        await World.Patient.Client.PutAsJsonAsync($"/api/sessions/{World.SessionId}/consent", new { facialAnalysis = true });
        var now = DateTimeOffset.UtcNow;

        // Read as wall-clock times, from would lie 50 minutes ahead and to 4 hours behind the entry; as instants both hold it.
        var response = await World.Admin.Client.GetAsync(
            $"/api/audit?patientId={World.Patient.Id}&from={Offset(now.AddMinutes(-10), 1)}&to={Offset(now.AddHours(1), -5)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(page.GetProperty("items").EnumerateArray(), entry => entry.GetProperty("sessionId").GetString() == World.SessionId);
    }

    [Fact]
    public async Task The_session_list_takes_times_with_offsets()
    {
        var now = DateTimeOffset.UtcNow;

        var response = await World.Therapist.Client.GetAsync($"/api/sessions?from={Offset(now, 1)}&to={Offset(now.AddDays(1), -8)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(items.EnumerateArray(), item => item.GetProperty("id").GetString() == World.SessionId);
    }

    [Fact]
    public async Task Booking_takes_a_time_with_an_offset_and_keeps_the_instant()
    {
        var at = (await World.FreeSlotAsync()).ToOffset(TimeSpan.FromHours(2));

        var response = await World.Therapist.Client.PostAsync($"/api/patients/{World.Patient.Id}/bookings", JsonContent.Create(new { start = at.ToString("o", CultureInfo.InvariantCulture) }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(at, session.GetProperty("scheduledFor").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, session.GetProperty("scheduledFor").GetDateTimeOffset().Offset);
    }

    [Fact]
    public async Task Trends_take_times_with_offsets()
    {
        var now = DateTimeOffset.UtcNow;

        var response = await World.Therapist.Client.GetAsync(
            $"/api/patients/{World.Patient.Id}/trends?period=day&from={Offset(now.AddDays(-7), 1)}&to={Offset(now.AddDays(1), 2)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Every request type that takes a time normalises it: a new one that forgets fails here before it reaches a
    /// database in production.
    /// </summary>
    [Fact]
    public void Every_request_with_a_time_normalises_it_to_utc()
    {
        var requests = typeof(IValidatable).Assembly.GetTypes()
            .Where(type => typeof(IValidatable).IsAssignableFrom(type) && !type.IsInterface)
            .Where(type => type.GetProperties().Any(p => p.PropertyType == typeof(DateTimeOffset) || p.PropertyType == typeof(DateTimeOffset?)))
            .ToList();

        Assert.NotEmpty(requests);
        Assert.All(requests, type => Assert.True(typeof(IHasTimes).IsAssignableFrom(type), $"{type.Name} takes a time but does not implement {nameof(IHasTimes)}."));
    }

    [Fact]
    public void Normalising_keeps_the_instant_and_sets_the_offset_to_zero()
    {
        var at = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(2));
        var query = new SessionsQuery(at, at.AddHours(1), null, null);

        var utc = (SessionsQuery)query.ToUtc();

        Assert.Equal(at, utc.From);
        Assert.Equal(TimeSpan.Zero, utc.From!.Value.Offset);
        Assert.Equal(TimeSpan.Zero, utc.To!.Value.Offset);
    }

    /// <summary>The instant, written at a UTC offset of <paramref name="hours"/> and escaped for a query string.</summary>
    private static string Offset(DateTimeOffset instant, int hours) =>
        Uri.EscapeDataString(instant.ToOffset(TimeSpan.FromHours(hours)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));

    public sealed class Fixture : IAsyncLifetime
    {
        internal World World { get; private set; } = null!;

        public async Task InitializeAsync() => World = await World.CreateAsync(await TestApi.StartAsync());

        public async Task DisposeAsync() => await World.Api.DisposeAsync();
    }
}
