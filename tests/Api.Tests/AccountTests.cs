using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace EmoteCare.Api.Tests;

public sealed class AccountTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    private IGrainFactory Grains => Api.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Creating_accounts_writes_the_grain_profiles_and_returns_a_password_that_signs_in()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);

        var patient = await (await admin.Client.PostAsJsonAsync("/api/patients", new { email = $"{Guid.NewGuid():N}@test.example", pseudonym = "Blue Heron" })).Content.ReadFromJsonAsync<JsonElement>();
        var therapist = await (await admin.Client.PostAsJsonAsync("/api/therapists", new { email = $"{Guid.NewGuid():N}@test.example", displayName = "Dr Okafor" })).Content.ReadFromJsonAsync<JsonElement>();

        var patientProfile = await Grains.GetGrain<IPatientGrain>(patient.GetProperty("id").GetString()!).GetProfile();
        var therapistProfile = await Grains.GetGrain<ITherapistGrain>(therapist.GetProperty("id").GetString()!).GetProfile();
        Assert.Equal("Blue Heron", patientProfile!.Pseudonym);
        Assert.Equal("Dr Okafor", therapistProfile!.DisplayName);
        using var signedIn = await Api.SignInAsync(patient.GetProperty("email").GetString()!, patient.GetProperty("initialPassword").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Assignments_are_mirrored_to_the_patient_grain_and_the_therapists_caseload()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var patient = await Api.CreateAccountAsync(Role.Patient);
        var first = await Api.CreateAccountAsync(Role.Therapist);
        var second = await Api.CreateAccountAsync(Role.Therapist);
        var patientId = patient.Account.Id;

        await admin.Client.PutAsJsonAsync($"/api/assignments/{patientId}", new { therapistId = first.Account.Id });
        var reassigned = await admin.Client.PutAsJsonAsync($"/api/assignments/{patientId}", new { therapistId = second.Account.Id });

        Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        Assert.Equal(second.Account.Id, (await Grains.GetGrain<IPatientGrain>(patientId).GetProfile())!.TherapistId);
        Assert.Empty(await Grains.GetGrain<ITherapistGrain>(first.Account.Id).GetCaseload());
        Assert.Equal([patientId], await Grains.GetGrain<ITherapistGrain>(second.Account.Id).GetCaseload());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/assignments/{patientId}")).StatusCode);
        Assert.Null((await Grains.GetGrain<IPatientGrain>(patientId).GetProfile())!.TherapistId);
        Assert.Empty(await Grains.GetGrain<ITherapistGrain>(second.Account.Id).GetCaseload());
        await Problem.AssertAsync(await admin.Client.DeleteAsync($"/api/assignments/{patientId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_therapist_runs_a_session_from_booking_to_summary_over_the_api()
    {
        var world = await World.CreateAsync(Api);

        var booked = await world.Therapist.Client.PostAsJsonAsync($"/api/patients/{world.Patient.Id}/bookings", new { start = await world.FreeSlotAsync() });
        var sessionId = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await world.Patient.Client.PutAsJsonAsync($"/api/sessions/{sessionId}/consent", new { facialAnalysis = true });
        var started = await (await world.Therapist.Client.PostAsync($"/api/sessions/{sessionId}/start", null)).Content.ReadFromJsonAsync<JsonElement>();
        var ended = await (await world.Therapist.Client.PostAsync($"/api/sessions/{sessionId}/end", null)).Content.ReadFromJsonAsync<JsonElement>();
        var summary = await world.Therapist.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/summary");
        var history = await world.Patient.Client.GetFromJsonAsync<JsonElement>($"/api/patients/{world.Patient.Id}/history");

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal($"/api/sessions/{sessionId}", booked.Headers.Location?.ToString());
        Assert.Equal("live", started.GetProperty("status").GetString());
        Assert.True(started.GetProperty("analysisActive").GetBoolean());
        Assert.Equal("ended", ended.GetProperty("status").GetString());
        Assert.Equal(sessionId, summary.GetProperty("sessionId").GetString());
        Assert.Contains(history.EnumerateArray(), s => s.GetProperty("sessionId").GetString() == sessionId);
    }

    [Fact]
    public async Task A_therapist_cannot_book_a_session_for_a_patient_not_assigned_to_them()
    {
        var world = await World.CreateAsync(Api);

        var response = await world.Therapist.Client.PostAsJsonAsync($"/api/patients/{world.OtherPatient.Id}/bookings", new { start = await world.FreeSlotAsync() });

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
    }
}
