using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmoteCare.Api.Accounts;

namespace EmoteCare.Api.Tests;

public sealed class ValidationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task An_invalid_new_account_gets_a_validation_problem_naming_each_field()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);

        var response = await admin.Client.PostAsJsonAsync("/api/patients", new { email = "Someone <a@b.example>", pseudonym = " padded " });

        await Problem.AssertValidationAsync(response, "email");
        await Problem.AssertValidationAsync(await admin.Client.PostAsJsonAsync("/api/patients", new { email = "ok@test.example", pseudonym = new string('x', 101) }), "pseudonym");
        await Problem.AssertValidationAsync(await admin.Client.PostAsJsonAsync("/api/therapists", new { email = "ok@test.example" }), "displayName");
    }

    [Fact]
    public async Task An_email_taken_in_any_case_is_a_conflict()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var email = $"{Guid.NewGuid():N}@Test.Example";
        Assert.Equal(HttpStatusCode.Created, (await admin.Client.PostAsJsonAsync("/api/patients", new { email, pseudonym = "First" })).StatusCode);

        await Problem.AssertAsync(await admin.Client.PostAsJsonAsync("/api/therapists", new { email = email.ToLowerInvariant(), displayName = "Second" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_malformed_id_in_the_route_or_body_is_a_validation_problem()
    {
        var world = await World.CreateAsync(Api);

        await Problem.AssertValidationAsync(await world.Admin.Client.GetAsync("/api/patients/not-an-id"), "patientId");
        await Problem.AssertValidationAsync(await world.Therapist.Client.GetAsync($"/api/sessions/{world.SessionId.ToUpperInvariant()}"), "sessionId");
        await Problem.AssertValidationAsync(await world.Admin.Client.PutAsJsonAsync($"/api/assignments/{world.Patient.Id}", new { therapistId = "../etc" }), "therapistId");
        await Problem.AssertValidationAsync(await world.Therapist.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { }), "start");
        await Problem.AssertValidationAsync(await world.Therapist.Client.GetAsync("/api/sessions?patientId=x"), "patientId");
    }

    [Fact]
    public async Task Out_of_range_values_are_validation_problems()
    {
        var world = await World.CreateAsync(Api);

        await world.EnsurePracticeAsync();
        await Problem.AssertValidationAsync(await world.Therapist.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { start = DateTimeOffset.UtcNow.AddYears(2) }), "start");
        await Problem.AssertValidationAsync(await world.Patient.Client.GetAsync($"/api/patients/{world.Patient.Id}/trends?period=month"), "period");
        await Problem.AssertValidationAsync(await world.Patient.Client.GetAsync($"/api/patients/{world.Patient.Id}/trends?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z"), "to");
        await Problem.AssertValidationAsync(await world.Patient.Client.GetAsync($"/api/patients/{world.Patient.Id}/history?limit=1000"), "limit");
        await Problem.AssertValidationAsync(await world.Patient.Client.PutAsJsonAsync($"/api/sessions/{world.SessionId}/consent", new { }), "facialAnalysis");
        await Problem.AssertValidationAsync(await world.Admin.Client.PutAsJsonAsync($"/api/assignments/{world.Patient.Id}", new { therapistId = world.Patient.Id }), "therapistId");
        await Problem.AssertValidationAsync(await world.Patient.Client.PutAsJsonAsync("/api/me/password", new { currentPassword = world.Patient.Password, newPassword = "short" }), "newPassword");
    }

    [Fact]
    public async Task Malformed_json_wrong_types_and_wrong_content_types_get_problem_details()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);

        await Problem.AssertAsync(await admin.Client.PostAsync("/api/patients", new StringContent("{\"email\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await admin.Client.PostAsync("/api/patients", new StringContent("{\"email\":42,\"pseudonym\":[]}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await admin.Client.PostAsync("/api/patients", new StringContent("email=a@b.example", Encoding.UTF8, "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType);
        await Problem.AssertAsync(await admin.Client.GetAsync("/api/audit?limit=many"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_declared_body_length_over_the_api_limit_is_refused_with_413()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var huge = new string('x', 20_000);

        using var content = new StringContent(JsonSerializer.Serialize(new { email = "a@test.example", pseudonym = huge }), Encoding.UTF8, "application/json");

        await Problem.AssertAsync(await admin.Client.PostAsync("/api/patients", content), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_state_change_that_does_not_fit_the_session_is_a_conflict()
    {
        var world = await World.CreateAsync(Api);

        await Problem.AssertAsync(await world.Therapist.Client.PostAsync($"/api/sessions/{world.SessionId}/end", null), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await world.Therapist.Client.PostAsync($"/api/sessions/{world.EndedSessionId}/start", null), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await world.Patient.Client.GetAsync($"/api/sessions/{world.SessionId}/summary"), HttpStatusCode.NotFound);
    }
}
