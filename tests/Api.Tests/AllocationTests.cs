using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Api.Tests;

/// <summary>Practice profiles, intake, the admins' allocation queue and requests for a different therapist, over HTTP.</summary>
public sealed class AllocationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    internal static object Practice(string language, string[] specialties, int maxCaseload = 10, string timeZone = "Europe/Madrid") => new
    {
        specialties,
        languages = new[] { language },
        timeZone,
        weeklyHours = new[] { new { day = "tuesday", start = "13:00", end = "17:00" }, new { day = "monday", start = "09:00", end = "12:00" } },
        leave = new[] { new { first = "2026-12-24", last = "2027-01-02" } },
        sessionMinutes = 50,
        maxCaseload,
    };

    [Fact]
    public async Task A_therapist_sets_their_own_profile_and_an_admin_can_change_it()
    {
        var world = await World.CreateAsync(Api);
        var path = $"/api/therapists/{world.Therapist.Id}/profile";

        var before = await world.Therapist.Client.GetFromJsonAsync<JsonElement>(path);
        var own = await world.Therapist.Client.PutAsJsonAsync(path, Practice("ca", ["trauma", "anxiety"]));
        var byAdmin = await world.Admin.Client.PutAsJsonAsync(path, Practice("ca", ["grief"], maxCaseload: 12));
        var after = await world.Therapist.Client.GetFromJsonAsync<JsonElement>(path);

        Assert.Equal(JsonValueKind.Null, before.GetProperty("practice").ValueKind);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(["anxiety", "trauma"], (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("practice").GetProperty("specialties").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        var practice = after.GetProperty("practice");
        Assert.Equal(12, practice.GetProperty("maxCaseload").GetInt32());
        Assert.Equal(["monday", "tuesday"], practice.GetProperty("weeklyHours").EnumerateArray().Select(h => h.GetProperty("day").GetString()));
        Assert.Equal("09:00:00", practice.GetProperty("weeklyHours")[0].GetProperty("start").GetString());
        Assert.Equal("2026-12-24", practice.GetProperty("leave")[0].GetProperty("first").GetString());
        Assert.Equal(1, after.GetProperty("caseload").GetInt32());
    }

    public static TheoryData<string, string> BrokenProfiles => new()
    {
        { """{"timeZone":"Mars/Base"}""", "timeZone" },
        { """{"weeklyHours":[{"day":"monday","start":"09:00","end":"12:00"},{"day":"monday","start":"11:00","end":"13:00"}]}""", "weeklyHours" },
        { """{"weeklyHours":[{"day":"friday","start":"17:00","end":"09:00"}]}""", "weeklyHours[0]" },
        { """{"sessionMinutes":100000}""", "sessionMinutes" },
        { """{"maxCaseload":-5}""", "maxCaseload" },
        { """{"languages":["english"]}""", "languages" },
        { """{"leave":[{"first":"2026-08-10","last":"2026-08-01"}]}""", "leave[0]" },
    };

    [Theory]
    [MemberData(nameof(BrokenProfiles))]
    public async Task A_broken_profile_is_a_validation_problem_that_changes_nothing(string change, string field)
    {
        var world = await World.CreateAsync(Api);
        var path = $"/api/therapists/{world.Therapist.Id}/profile";
        (await world.Therapist.Client.PutAsJsonAsync(path, Practice("en", ["sleep"]))).EnsureSuccessStatusCode();
        var stored = (await world.Therapist.Client.GetFromJsonAsync<JsonElement>(path)).GetProperty("practice").GetRawText();
        var body = JsonSerializer.SerializeToNode(Practice("en", ["sleep"]))!.AsObject();
        foreach (var (key, value) in JsonNode(change))
        {
            body[key] = value?.DeepClone();
        }

        var response = await world.Therapist.Client.PutAsJsonAsync(path, body);

        await Problem.AssertValidationAsync(response, field);
        Assert.Equal(stored, (await world.Therapist.Client.GetFromJsonAsync<JsonElement>(path)).GetProperty("practice").GetRawText());
    }

    [Fact]
    public async Task A_new_patients_intake_waits_for_an_admin_who_sees_the_reasons_and_confirms()
    {
        var world = await World.CreateAsync(Api);
        var matching = await TherapistWithPracticeAsync(world, "eu", ["anxiety", "sleep"]);
        var other = await TherapistWithPracticeAsync(world, "eu", ["grief"]);
        var patient = await Api.CreateActorAsync(Role.Patient);

        var sent = await patient.Client.PutAsJsonAsync($"/api/patients/{patient.Id}/intake", new
        {
            reason = "I lie awake worrying about work.",
            topics = new[] { "anxiety", "sleep" },
            language = "eu",
            timeZone = "Europe/Madrid",
            suitableTimes = new[] { new { day = "monday", start = "10:00", end = "11:00" } },
        });
        var result = await sent.Content.ReadFromJsonAsync<JsonElement>();
        var queue = await world.Admin.Client.GetFromJsonAsync<JsonElement[]>("/api/allocation/queue");
        var entry = queue!.Single(r => r.GetProperty("patientId").GetString() == patient.Id);
        var confirmed = await world.Admin.Client.PostAsJsonAsync($"/api/allocation/queue/{patient.Id}/assign", new { therapistId = matching.Id });
        var profile = await patient.Client.GetFromJsonAsync<JsonElement>($"/api/patients/{patient.Id}");
        var queueAfter = await world.Admin.Client.GetFromJsonAsync<JsonElement[]>("/api/allocation/queue");
        var intake = await matching.Client.GetFromJsonAsync<JsonElement>($"/api/patients/{patient.Id}/intake");

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal("awaitingConfirmation", result.GetProperty("outcome").GetString());
        Assert.Equal(matching.Id, result.GetProperty("suggestion").GetProperty("therapistId").GetString());
        Assert.Equal("newPatient", entry.GetProperty("kind").GetString());
        Assert.Equal([matching.Id, other.Id], entry.GetProperty("suggestions").EnumerateArray().Take(2).Select(s => s.GetProperty("therapistId").GetString()));
        Assert.Equal(
            ["Offers sessions in your preferred language (eu).", "Works with anxiety and sleep, which you mentioned.", "Works about 1 hour a week at times that suit you.", "Has room for 10 more patients."],
            entry.GetProperty("suggestions")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.False(entry.TryGetProperty("reason", out _), "The admins' queue carries no words of the patient's about what brings them.");
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(matching.Id, profile.GetProperty("therapistId").GetString());
        Assert.DoesNotContain(queueAfter!, r => r.GetProperty("patientId").GetString() == patient.Id);
        Assert.Equal("I lie awake worrying about work.", intake.GetProperty("intake").GetProperty("reason").GetString());
        Assert.Contains(patient.Id, await world.Grains.GetGrain<ITherapistGrain>(matching.Id).GetCaseload());
        var audit = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={patient.Id}");
        Assert.Superset(
            new HashSet<string?> { "allocation.request.read", "assignment.set", "patient.intake.read" },
            audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToHashSet());
    }

    [Fact]
    public async Task A_therapist_whose_last_place_filled_after_the_suggestion_cannot_be_confirmed_or_assigned_and_nothing_changes()
    {
        var world = await World.CreateAsync(Api);
        var therapist = await TherapistWithPracticeAsync(world, "mt", ["grief"], maxCaseload: 1);
        var waiting = await Api.CreateActorAsync(Role.Patient);
        (await waiting.Client.PutAsJsonAsync($"/api/patients/{waiting.Id}/intake", new { reason = "My mother died.", topics = new[] { "grief" }, language = "mt" })).EnsureSuccessStatusCode();
        var queue = world.Grains.GetGrain<IAllocationQueueGrain>(IAllocationQueueGrain.Key);
        Assert.Equal(therapist.Id, (await queue.Find(waiting.Id))!.Suggestions[0].TherapistId);
        var first = await Api.CreateActorAsync(Role.Patient);
        await world.AssignAsync(first.Id, therapist.Id);

        var confirmed = await world.Admin.Client.PostAsJsonAsync($"/api/allocation/queue/{waiting.Id}/assign", new { therapistId = therapist.Id });
        var assigned = await world.Admin.Client.PutAsJsonAsync($"/api/assignments/{waiting.Id}", new { therapistId = therapist.Id });

        foreach (var refusal in new[] { confirmed, assigned })
        {
            var problem = await Problem.AssertAsync(refusal, HttpStatusCode.Conflict);
            Assert.Contains("caseload is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.NotNull(await queue.Find(waiting.Id));
        Assert.Null(await Api.Services.GetRequiredService<Assignments>().FindAsync(waiting.Id, CancellationToken.None));
        Assert.Equal([first.Id], await world.Grains.GetGrain<ITherapistGrain>(therapist.Id).GetCaseload());
    }

    [Fact]
    public async Task An_intake_without_what_brings_the_patient_or_with_a_broken_time_zone_is_refused_and_nothing_is_queued()
    {
        var world = await World.CreateAsync(Api);
        var patient = await Api.CreateActorAsync(Role.Patient);
        var path = $"/api/patients/{patient.Id}/intake";

        await Problem.AssertValidationAsync(await patient.Client.PutAsJsonAsync(path, new { reason = " " }), "reason");
        await Problem.AssertValidationAsync(await patient.Client.PutAsJsonAsync(path, new { reason = "Worry.", timeZone = "Nowhere/Else" }), "timeZone");
        await Problem.AssertValidationAsync(
            await patient.Client.PutAsJsonAsync(path, new { reason = "Worry.", timeZone = "Europe/Paris", suitableTimes = new[] { new { day = "monday", start = "12:00", end = "10:00" } } }),
            "suitableTimes[0]");

        Assert.Null(await world.Grains.GetGrain<IIntakeGrain>(patient.Id).Get());
        Assert.Null(await world.Grains.GetGrain<IAllocationQueueGrain>(IAllocationQueueGrain.Key).Find(patient.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await patient.Client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_request_for_a_different_therapist_reaches_the_admins_with_its_reason_and_other_suggestions()
    {
        var world = await World.CreateAsync(Api);
        var current = await TherapistWithPracticeAsync(world, "fy", ["trauma"]);
        var alternative = await TherapistWithPracticeAsync(world, "fy", ["trauma"]);
        var patient = await Api.CreateActorAsync(Role.Patient);
        (await patient.Client.PutAsJsonAsync($"/api/patients/{patient.Id}/intake", new { reason = "Flashbacks.", topics = new[] { "trauma" }, language = "fy" })).EnsureSuccessStatusCode();
        await world.AssignAsync(patient.Id, current.Id);

        var asked = await patient.Client.PostAsJsonAsync($"/api/patients/{patient.Id}/therapist-change", new { reason = "I would feel safer with someone else." });
        var noReason = await patient.Client.PostAsJsonAsync($"/api/patients/{patient.Id}/therapist-change", new { reason = "" });
        var unassigned = await Api.CreateActorAsync(Role.Patient);
        var nobodyToChange = await unassigned.Client.PostAsJsonAsync($"/api/patients/{unassigned.Id}/therapist-change", new { reason = "Just asking." });
        var queue = await world.Admin.Client.GetFromJsonAsync<JsonElement[]>("/api/allocation/queue");

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        await Problem.AssertValidationAsync(noReason, "reason");
        await Problem.AssertAsync(nobodyToChange, HttpStatusCode.Conflict);
        var entry = queue!.Single(r => r.GetProperty("patientId").GetString() == patient.Id);
        Assert.Equal("changeOfTherapist", entry.GetProperty("kind").GetString());
        Assert.Equal("I would feel safer with someone else.", entry.GetProperty("changeReason").GetString());
        Assert.Equal(current.Id, entry.GetProperty("currentTherapistId").GetString());
        Assert.Equal(alternative.Id, entry.GetProperty("suggestions")[0].GetProperty("therapistId").GetString());
        Assert.DoesNotContain(entry.GetProperty("suggestions").EnumerateArray(), s => s.GetProperty("therapistId").GetString() == current.Id);
    }

    private static System.Text.Json.Nodes.JsonObject JsonNode(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();

    internal static async Task<Actor> TherapistWithPracticeAsync(World world, string language, string[] specialties, int maxCaseload = 10)
    {
        var therapist = await world.Api.CreateActorAsync(Role.Therapist);
        (await therapist.Client.PutAsJsonAsync($"/api/therapists/{therapist.Id}/profile", Practice(language, specialties, maxCaseload))).EnsureSuccessStatusCode();
        return therapist;
    }
}

/// <summary>Allocation with <c>Allocation:AutoAssign</c> on: the best match is assigned at once.</summary>
public sealed class AutomaticAllocationTests : IAsyncLifetime
{
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(new Dictionary<string, string?> { ["Allocation:AutoAssign"] = "true" });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_best_match_is_assigned_without_an_admin_and_the_grains_agree()
    {
        var world = await World.CreateAsync(_api);
        var best = await AllocationTests.TherapistWithPracticeAsync(world, "cy", ["grief"]);
        await AllocationTests.TherapistWithPracticeAsync(world, "ga", ["grief"]);
        var patient = await _api.CreateActorAsync(Role.Patient);

        var sent = await patient.Client.PutAsJsonAsync($"/api/patients/{patient.Id}/intake", new { reason = "My father died in spring.", topics = new[] { "grief" }, language = "cy" });
        var result = await sent.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("assigned", result.GetProperty("outcome").GetString());
        Assert.Equal(best.Id, result.GetProperty("therapistId").GetString());
        Assert.Contains("Works with grief, which you mentioned.", result.GetProperty("suggestion").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(best.Id, (await _api.Services.GetRequiredService<Assignments>().FindAsync(patient.Id, CancellationToken.None))!.TherapistId);
        Assert.Contains(patient.Id, await world.Grains.GetGrain<ITherapistGrain>(best.Id).GetCaseload());
        Assert.Null(await world.Grains.GetGrain<IAllocationQueueGrain>(IAllocationQueueGrain.Key).Find(patient.Id));
    }

    [Fact]
    public async Task An_intake_sent_several_times_at_once_assigns_the_patient_once()
    {
        var world = await World.CreateAsync(_api);
        await AllocationTests.TherapistWithPracticeAsync(world, "gd", ["grief"]);
        await AllocationTests.TherapistWithPracticeAsync(world, "gd", ["grief"]);
        var patient = await _api.CreateActorAsync(Role.Patient);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            var sent = await patient.Client.PutAsJsonAsync($"/api/patients/{patient.Id}/intake", new { reason = "My brother died.", topics = new[] { "grief" }, language = "gd" });
            sent.EnsureSuccessStatusCode();
            return await sent.Content.ReadFromJsonAsync<JsonElement>();
        }));

        var therapistId = (await _api.Services.GetRequiredService<Assignments>().FindAsync(patient.Id, CancellationToken.None))!.TherapistId;
        Assert.All(results, r => Assert.Equal(("assigned", therapistId), (r.GetProperty("outcome").GetString(), r.GetProperty("therapistId").GetString())));
        var audit = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={patient.Id}");
        Assert.Single(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "assignment.set");
    }

    [Fact]
    public async Task Intakes_at_the_same_moment_fill_the_places_there_are_and_the_rest_wait_for_an_admin()
    {
        var world = await World.CreateAsync(_api);
        var therapists = new[]
        {
            await AllocationTests.TherapistWithPracticeAsync(world, "kw", ["anxiety"], maxCaseload: 2),
            await AllocationTests.TherapistWithPracticeAsync(world, "kw", ["anxiety"], maxCaseload: 2),
        };
        var patients = await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => _api.CreateActorAsync(Role.Patient)));

        var results = await Task.WhenAll(patients.Select(async patient =>
        {
            var sent = await patient.Client.PutAsJsonAsync($"/api/patients/{patient.Id}/intake", new { reason = "I cannot stop worrying.", topics = new[] { "anxiety" }, language = "kw" });
            sent.EnsureSuccessStatusCode();
            return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString();
        }));

        Assert.Equal(4, results.Count(r => r == "assigned"));
        Assert.Equal(3, results.Count(r => r == "awaitingConfirmation"));
        foreach (var therapist in therapists)
        {
            Assert.Equal(2, (await world.Grains.GetGrain<ITherapistGrain>(therapist.Id).GetCaseload()).Count);
        }
    }
}
