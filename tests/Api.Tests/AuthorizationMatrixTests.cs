using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Api.Tests;

/// <summary>
/// Every endpoint the application maps, called by every kind of caller, against the status the ownership rules give.
/// A new endpoint fails <see cref="The_matrix_has_one_row_per_endpoint_the_app_maps"/> until it has a row here.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    /// <summary>Builds the request a caller sends; rows that change state make a fresh resource for each call.</summary>
    private delegate Task<HttpRequestMessage> RequestFactory(World world);

    /// <summary>One endpoint: <c>METHOD pattern</c> as routing reports it, the request, and the status for each caller.</summary>
    private sealed record Row(string Endpoint, RequestFactory Request, int Anonymous, int Admin, int Therapist, int OtherTherapist, int Patient, int OtherPatient, bool ProblemDetails = true)
    {
        public int Expected(Who who) => who switch
        {
            Who.Anonymous => Anonymous,
            Who.Admin => Admin,
            Who.Therapist => Therapist,
            Who.OtherTherapist => OtherTherapist,
            Who.Patient => Patient,
            _ => OtherPatient,
        };
    }

    private static readonly Row[] Matrix =
    [
        // Anonymous by design.
        new("POST /api/auth/login", w => Post("/api/auth/login", SignIn(w)), 200, 200, 200, 200, 200, 200),
        new("POST /api/auth/token", w => Post("/api/auth/token", SignIn(w)), 200, 200, 200, 200, 200, 200),
        new("POST /api/auth/refresh", async w => await Post("/api/auth/refresh", new { refreshToken = await w.NewRefreshTokenAsync() }), 200, 200, 200, 200, 200, 200),
        new("* /healthz", _ => Get("/healthz"), 200, 200, 200, 200, 200, 200),
        new("GET /openapi/{documentName}.json", _ => Get("/openapi/v1.json"), 200, 200, 200, 200, 200, 200),

        // The live hub: any signed-in account may connect; every hub method checks ownership itself (HubTests).
        new("* /hubs/session/negotiate", _ => Post("/hubs/session/negotiate?negotiateVersion=1", null), 401, 200, 200, 200, 200, 200),
        // A plain GET is no transport SignalR accepts; its answer is SignalR's own plain text, not problem details.
        new("* /hubs/session", _ => Get("/hubs/session"), 401, 400, 400, 400, 400, 400, ProblemDetails: false),
        new("* /hubs/chat/negotiate", _ => Post("/hubs/chat/negotiate?negotiateVersion=1", null), 401, 200, 200, 200, 200, 200),
        new("* /hubs/chat", _ => Get("/hubs/chat"), 401, 400, 400, 400, 400, 400, ProblemDetails: false),
        // Operations, admins only: Prometheus metrics and the Orleans dashboard (its answers to admins are its own, not problem details).
        new("* /metrics", _ => Get("/metrics"), 401, 200, 403, 403, 403, 403),
        new("GET /dashboard/", _ => Get("/dashboard/"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/index.html", _ => Get("/dashboard/index.html"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/favicon.ico", _ => Get("/dashboard/favicon.ico"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/index.min.js", _ => Get("/dashboard/index.min.js"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/index.css", _ => Get("/dashboard/index.css"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/fonts/{**path}", _ => Get("/dashboard/fonts/none.woff"), 401, 404, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/img/{**path}", _ => Get("/dashboard/img/none.png"), 401, 404, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/version", _ => Get("/dashboard/version"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/DashboardCounters", _ => Get("/dashboard/DashboardCounters"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/ClusterStats", _ => Get("/dashboard/ClusterStats"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/Reminders", _ => Get("/dashboard/Reminders"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/Reminders/{page:int}", _ => Get("/dashboard/Reminders/1"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/HistoricalStats/{*path}", w => Get($"/dashboard/HistoricalStats/{w.SiloAddress}"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/SiloProperties/{*address}", w => Get($"/dashboard/SiloProperties/{w.SiloAddress}"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/SiloMetadata/{*address}", w => Get($"/dashboard/SiloMetadata/{w.SiloAddress}"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/SiloStats/{*address}", w => Get($"/dashboard/SiloStats/{w.SiloAddress}"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/SiloCounters/{*address}", w => Get($"/dashboard/SiloCounters/{w.SiloAddress}"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/GrainStats/{*grainName}", _ => Get("/dashboard/GrainStats/none"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/TopGrainMethods", _ => Get("/dashboard/TopGrainMethods"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/GrainState", _ => Get("/dashboard/GrainState"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/LifecycleStages", _ => Get("/dashboard/LifecycleStages"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/GrainTypes", _ => Get("/dashboard/GrainTypes"), 401, 200, 403, 403, 403, 403, ProblemDetails: false),
        new("GET /dashboard/Trace", _ => Get("/dashboard/Trace"), 401, 403, 403, 403, 403, 403, ProblemDetails: false),

        // Any signed-in account, about itself. The wrong current password shows the handler was reached (400) without
        // changing anyone's password; changing it is covered in SignInTests.
        new("GET /api/me", _ => Get("/api/me"), 401, 200, 200, 200, 200, 200),
        new("GET /api/model", _ => Get("/api/model"), 401, 200, 200, 200, 200, 200),
        new("PUT /api/me/password", _ => Put("/api/me/password", new { currentPassword = "not the password", newPassword = "a long enough new password" }), 401, 400, 400, 400, 400, 400),

        // Account management: admins.
        new("POST /api/patients", _ => Post("/api/patients", new { email = NewEmail(), pseudonym = "New Patient" }), 401, 201, 403, 403, 403, 403),
        new("POST /api/therapists", _ => Post("/api/therapists", new { email = NewEmail(), displayName = "Dr New" }), 401, 201, 403, 403, 403, 403),
        new("GET /api/therapists", _ => Get("/api/therapists"), 401, 200, 403, 403, 403, 403),
        new("PUT /api/assignments/{patientId}", w => Put($"/api/assignments/{w.Patient.Id}", new { therapistId = w.Therapist.Id }), 401, 200, 403, 403, 403, 403),
        new("DELETE /api/assignments/{patientId}", async w => new HttpRequestMessage(HttpMethod.Delete, $"/api/assignments/{await w.NewAssignedPatientAsync()}"), 401, 204, 403, 403, 403, 403),
        new("GET /api/audit", _ => Get("/api/audit"), 401, 200, 403, 403, 403, 403),
        new("POST /api/accounts/{accountId}/unlock", async w => await Post($"/api/accounts/{await w.NewAssignedPatientAsync()}/unlock", null), 401, 204, 403, 403, 403, 403),
        new("POST /api/accounts/{accountId}/password-reset", async w => await Post($"/api/accounts/{await w.NewAssignedPatientAsync()}/password-reset", null), 401, 200, 403, 403, 403, 403),
        new("POST /api/accounts/{accountId}/disable", async w => await Post($"/api/accounts/{await w.NewAssignedPatientAsync()}/disable", null), 401, 204, 403, 403, 403, 403),
        new("POST /api/accounts/{accountId}/enable", async w => await Post($"/api/accounts/{await w.NewAssignedPatientAsync()}/enable", null), 401, 204, 403, 403, 403, 403),

        // Patients: admins see accounts, the assigned therapist and the patient see the profile, only they see insights.
        new("GET /api/patients", _ => Get("/api/patients"), 401, 200, 200, 200, 403, 403),
        new("GET /api/patients/{patientId}", w => Get($"/api/patients/{w.Patient.Id}"), 401, 200, 200, 403, 200, 403),
        new("GET /api/patients/{patientId}/history", w => Get($"/api/patients/{w.Patient.Id}/history"), 401, 403, 200, 403, 200, 403),
        new("GET /api/patients/{patientId}/trends", w => Get($"/api/patients/{w.Patient.Id}/trends"), 401, 403, 200, 403, 200, 403),

        // Sessions: the patient and their assigned therapist read; the booking therapist runs; the patient consents.
        new("GET /api/sessions", _ => Get("/api/sessions"), 401, 403, 200, 200, 200, 200),
        new("GET /api/sessions/{sessionId}", w => Get($"/api/sessions/{w.SessionId}"), 401, 403, 200, 403, 200, 403),
        new("POST /api/sessions/{sessionId}/start", async w => await Post($"/api/sessions/{await w.NewScheduledSessionAsync()}/start", null), 401, 403, 200, 403, 403, 403),
        new("POST /api/sessions/{sessionId}/end", async w => await Post($"/api/sessions/{await w.NewLiveSessionAsync()}/end", null), 401, 403, 200, 403, 403, 403),
        new("GET /api/sessions/{sessionId}/snapshot", w => Get($"/api/sessions/{w.SessionId}/snapshot"), 401, 403, 200, 403, 200, 403),
        new("GET /api/sessions/{sessionId}/summary", w => Get($"/api/sessions/{w.EndedSessionId}/summary"), 401, 403, 200, 403, 200, 403),
        new("GET /api/sessions/{sessionId}/consent", w => Get($"/api/sessions/{w.SessionId}/consent"), 401, 403, 200, 403, 200, 403),
        new("PUT /api/sessions/{sessionId}/consent", w => Put($"/api/sessions/{w.SessionId}/consent", new { facialAnalysis = true }), 401, 403, 403, 403, 200, 403),

        // Alerts: each therapist's own inbox, so every therapist may call; nobody reaches another's.
        new("GET /api/alerts", _ => Get("/api/alerts"), 401, 403, 200, 200, 403, 403),
        new("POST /api/alerts/acknowledge", w => Post("/api/alerts/acknowledge", new { alertId = $"{w.SessionId}/m1" }), 401, 403, 200, 200, 403, 403),

        // Chat: each patient's own conversation; a therapist reads it only when shared (here it is not); the country by the patient or an admin.
        new("GET /api/chat", _ => Get("/api/chat"), 401, 403, 403, 403, 200, 200),
        new("POST /api/chat/open", _ => Post("/api/chat/open", null), 401, 403, 403, 403, 200, 200),
        new("POST /api/chat/messages", _ => Post("/api/chat/messages", new { text = "hello" }), 401, 403, 403, 403, 200, 200),
        new("POST /api/chat/sos", _ => Post("/api/chat/sos", null), 401, 403, 403, 403, 200, 200),
        new("PUT /api/chat/sharing", _ => Put("/api/chat/sharing", new { shared = false }), 401, 403, 403, 403, 200, 200),
        new("GET /api/chat/shared/{patientId}", w => Get($"/api/chat/shared/{w.Patient.Id}"), 401, 403, 403, 403, 403, 403),
        new("PUT /api/patients/{patientId}/country", w => Put($"/api/patients/{w.Patient.Id}/country", new { country = "US" }), 401, 200, 403, 403, 200, 403),

        // Resources: the library for every account; additions by therapists; assignment by the patient's therapist (audited), use by the patient.
        new("GET /api/resources", _ => Get("/api/resources?q=sleep"), 401, 200, 200, 200, 200, 200),
        new("GET /api/resources/concerns", _ => Get("/api/resources/concerns"), 401, 200, 200, 200, 200, 200),
        new("GET /api/resources/{id}", _ => Get("/api/resources/box-breathing"), 401, 200, 200, 200, 200, 200),
        new("POST /api/resources", _ => Post("/api/resources", new { title = "A plan", summary = "Steps.", concerns = new[] { "stress" }, markdown = "Walk." }), 401, 403, 201, 201, 403, 403),
        new("GET /api/patients/{patientId}/resources", w => Get($"/api/patients/{w.Patient.Id}/resources"), 401, 403, 200, 403, 200, 403),
        new("PUT /api/patients/{patientId}/resources/{id}", w => Put($"/api/patients/{w.Patient.Id}/resources/sleep", null), 401, 403, 200, 403, 403, 403),
        new("DELETE /api/patients/{patientId}/resources/{id}", async w => new HttpRequestMessage(HttpMethod.Delete, $"/api/patients/{await w.PatientWithResourceAsync("grief")}/resources/grief"), 401, 403, 204, 403, 403, 403),
        new("POST /api/patients/{patientId}/resources/{id}/used", async w => await Post($"/api/patients/{await w.PatientWithResourceAsync("panic")}/resources/panic/used", null), 401, 403, 403, 403, 200, 403),

        // Scheduling: the patient and their therapist book from the therapist's calendar; either cancels or moves; each account
        // its own notifications and feed. The feed itself is anonymous, its secret the credential.
        new("GET /api/patients/{patientId}/slots", w => Get($"/api/patients/{w.Patient.Id}/slots?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(7).ToString("O"))}"), 401, 403, 200, 403, 200, 403),
        new("POST /api/patients/{patientId}/bookings", async w => await Post($"/api/patients/{w.Patient.Id}/bookings", new { start = await w.FreeSlotAsync() }), 401, 403, 201, 403, 201, 403),
        new("POST /api/sessions/{sessionId}/reschedule", async w => await Post($"/api/sessions/{await w.NewBookedSessionAsync()}/reschedule", new { start = await w.FreeSlotAsync() }), 401, 403, 200, 403, 200, 403),
        new("POST /api/sessions/{sessionId}/cancel", async w => await Post($"/api/sessions/{await w.NewBookedSessionAsync()}/cancel", null), 401, 403, 200, 403, 200, 403),
        new("GET /api/me/notifications", _ => Get("/api/me/notifications"), 401, 403, 200, 200, 200, 200),
        new("POST /api/me/notifications/read", _ => Post("/api/me/notifications/read", null), 401, 403, 204, 204, 204, 204),
        new("GET /api/me/calendar-feed", _ => Get("/api/me/calendar-feed"), 401, 403, 200, 200, 200, 200),
        new("POST /api/me/calendar-feed", _ => Post("/api/me/calendar-feed", null), 401, 403, 200, 200, 200, 200),
        new("DELETE /api/me/calendar-feed", _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Delete, "/api/me/calendar-feed")), 401, 403, 204, 204, 204, 204),
        new("GET /api/calendar-feeds/{accountId}/{secret}.ics", async w => await Get($"/api/calendar-feeds/{w.Patient.Id}/{await w.NewFeedSecretAsync()}.ics"), 200, 200, 200, 200, 200, 200),
        // Allocation: therapists edit their own practice profile, admins any; patients send their own intake and ask for a
        // change; the patient's therapist reads the intake (audited); admins work the allocation queue.
        new("GET /api/allocation/vocabulary", _ => Get("/api/allocation/vocabulary"), 401, 200, 200, 200, 200, 200),
        new("GET /api/therapists/{therapistId}/profile", w => Get($"/api/therapists/{w.Therapist.Id}/profile"), 401, 200, 200, 403, 403, 403),
        new("PUT /api/therapists/{therapistId}/profile", w => Put($"/api/therapists/{w.Therapist.Id}/profile", Practice), 401, 200, 200, 403, 403, 403),
        new("PUT /api/patients/{patientId}/intake", w => Put($"/api/patients/{w.Patient.Id}/intake", new { reason = "Trouble sleeping." }), 401, 403, 403, 403, 200, 403),
        new("GET /api/patients/{patientId}/intake", async w => await Get($"/api/patients/{await w.PatientWithIntakeAsync()}/intake"), 401, 403, 200, 403, 200, 403),
        new("POST /api/patients/{patientId}/therapist-change", w => Post($"/api/patients/{w.Patient.Id}/therapist-change", new { reason = "We do not get on." }), 401, 403, 403, 403, 200, 403),
        new("GET /api/allocation/queue", _ => Get("/api/allocation/queue"), 401, 200, 403, 403, 403, 403),
        new("POST /api/allocation/queue/{patientId}/assign", async w => await Post($"/api/allocation/queue/{await w.NewQueuedPatientAsync()}/assign", new { therapistId = w.Therapist.Id }), 401, 200, 403, 403, 403, 403),
        new("DELETE /api/allocation/queue/{patientId}", async w => new HttpRequestMessage(HttpMethod.Delete, $"/api/allocation/queue/{await w.NewQueuedPatientAsync()}"), 401, 204, 403, 403, 403, 403),

        // Last: logout ends the caller's sign-in, and every row after it would answer 401.
        new("POST /api/auth/logout", _ => Post("/api/auth/logout", null), 200, 200, 200, 200, 200, 200),
    ];

    private static readonly object Practice = new
    {
        specialties = new[] { "anxiety" },
        languages = new[] { "en" },
        timeZone = "Europe/Dublin",
        weeklyHours = new[] { new { day = "monday", start = "09:00", end = "17:00" } },
        leave = Array.Empty<object>(),
        sessionMinutes = 50,
        // The matrix assigns many patients to this therapist; a full caseload would refuse the later rows' assignments.
        maxCaseload = Grains.Interfaces.PracticeLimits.MaxCaseload,
    };

    private TestApi Api => fixture.Api;

    [Fact]
    public void The_matrix_has_one_row_per_endpoint_the_app_maps()
    {
        var mapped = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => $"{method} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(mapped, Matrix.Select(r => r.Endpoint).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_as_owner_non_owner_and_anonymous_as_the_matrix_says()
    {
        var world = await World.CreateAsync(Api);
        var failures = new List<string>();

        foreach (var row in Matrix)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                using var request = await row.Request(world);
                var response = await world.ClientOf(who).SendAsync(request);
                var status = (int)response.StatusCode;
                if (status != row.Expected(who))
                {
                    failures.Add($"{row.Endpoint} as {who}: expected {row.Expected(who)}, got {status} {await response.Content.ReadAsStringAsync()}");
                }
                else if (status >= 400 && row.ProblemDetails && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{row.Endpoint} as {who}: {status} without problem details");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Lists_hold_only_what_the_caller_may_see()
    {
        var world = await World.CreateAsync(Api);
        var today = DateTimeOffset.UtcNow;
        var range = $"from={Uri.EscapeDataString(today.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(today.AddDays(2).ToString("O"))}";

        var caseload = await world.Therapist.Client.GetFromJsonAsync<Page<PatientItem>>("/api/patients", TestApi.Json);
        var otherCaseload = await world.OtherTherapist.Client.GetFromJsonAsync<Page<PatientItem>>("/api/patients", TestApi.Json);
        var therapistSessions = await world.Therapist.Client.GetFromJsonAsync<SessionItem[]>($"/api/sessions?{range}", TestApi.Json);
        var otherTherapistSessions = await world.OtherTherapist.Client.GetFromJsonAsync<SessionItem[]>($"/api/sessions?{range}", TestApi.Json);
        var patientSessions = await world.Patient.Client.GetFromJsonAsync<SessionItem[]>($"/api/sessions?{range}", TestApi.Json);
        var otherPatientSessions = await world.OtherPatient.Client.GetFromJsonAsync<SessionItem[]>($"/api/sessions?{range}", TestApi.Json);

        var item = Assert.Single(caseload!.Items);
        Assert.Equal(world.Patient.Id, item.Id);
        Assert.Null(item.Email);
        Assert.Equal(world.OtherPatient.Id, Assert.Single(otherCaseload!.Items).Id);
        Assert.Contains(therapistSessions!, s => s.Id == world.SessionId);
        Assert.Contains(patientSessions!, s => s.Id == world.SessionId);
        Assert.Empty(otherTherapistSessions!);
        Assert.Empty(otherPatientSessions!);
    }

    [Fact]
    public async Task Reassignment_moves_access_to_the_new_therapist_and_running_stays_with_the_booking_one()
    {
        var world = await World.CreateAsync(Api);

        await world.AssignAsync(world.Patient.Id, world.OtherTherapist.Id);

        Assert.Equal(403, (int)(await world.Therapist.Client.GetAsync($"/api/sessions/{world.SessionId}/snapshot")).StatusCode);
        Assert.Equal(403, (int)(await world.Therapist.Client.GetAsync($"/api/patients/{world.Patient.Id}/history")).StatusCode);
        Assert.Equal(200, (int)(await world.OtherTherapist.Client.GetAsync($"/api/sessions/{world.SessionId}/snapshot")).StatusCode);
        Assert.Equal(403, (int)(await world.OtherTherapist.Client.PostAsync($"/api/sessions/{world.SessionId}/start", null)).StatusCode);
        Assert.Equal(403, (int)(await world.Therapist.Client.PostAsync($"/api/sessions/{world.SessionId}/start", null)).StatusCode);
    }

    [Fact]
    public async Task A_session_that_does_not_exist_is_refused_like_someone_elses()
    {
        var world = await World.CreateAsync(Api);
        var unknown = new string('a', 32);

        var missing = await Problem.AssertAsync(await world.Therapist.Client.GetAsync($"/api/sessions/{unknown}/snapshot"), System.Net.HttpStatusCode.Forbidden);
        var foreign = await Problem.AssertAsync(await world.OtherTherapist.Client.GetAsync($"/api/sessions/{world.SessionId}/snapshot"), System.Net.HttpStatusCode.Forbidden);

        Assert.Equal(foreign.GetProperty("detail").GetString(), missing.GetProperty("detail").GetString());
    }

    private static string NewEmail() => $"{Guid.NewGuid():N}@test.example";

    private static object SignIn(World world) => new { email = world.SignInAccount.Account.Email, password = world.SignInAccount.InitialPassword };

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static Task<HttpRequestMessage> Post(string path, object? body) => Send(HttpMethod.Post, path, body);

    private static Task<HttpRequestMessage> Put(string path, object? body) => Send(HttpMethod.Put, path, body);

    private static Task<HttpRequestMessage> Send(HttpMethod method, string path, object? body) =>
        Task.FromResult(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });

    private sealed record Page<T>(T[] Items, string? Next);

    private sealed record PatientItem(string Id, string Pseudonym, string? TherapistId, string? Email);

    private sealed record SessionItem(string Id, string PatientId, string TherapistId);
}
