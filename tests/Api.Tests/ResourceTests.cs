using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Api.Tests;

/// <summary>The resource library over HTTP: search, reading, therapists' additions, assignment and use.</summary>
public sealed class ResourceTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    private static object Handout(string title, string markdown) => new
    {
        title,
        summary = "A plan for the week between sessions.",
        kind = "exercise",
        emotions = new[] { "sad" },
        concerns = new[] { "low-mood" },
        markdown,
    };

    [Fact]
    public async Task Search_ranks_by_words_and_filters_by_concern_and_emotion()
    {
        var world = await World.CreateAsync(Api);
        var client = world.Patient.Client;

        var panic = await client.GetFromJsonAsync<JsonElement[]>("/api/resources?q=panic");
        var sleep = await client.GetFromJsonAsync<JsonElement[]>("/api/resources?concern=sleep");
        var angry = await client.GetFromJsonAsync<JsonElement[]>("/api/resources?emotion=angry&concern=stress&q=");
        var limited = await client.GetFromJsonAsync<JsonElement[]>("/api/resources?limit=2");

        Assert.Equal("panic", panic![0].GetProperty("id").GetString());
        Assert.All(sleep!, r => Assert.Contains("sleep", r.GetProperty("concerns").EnumerateArray().Select(c => c.GetString())));
        Assert.Equal(["body-scan", "sleep"], sleep!.Select(r => r.GetProperty("id").GetString()).Order());
        Assert.All(angry!, r => Assert.Contains("angry", r.GetProperty("emotions").EnumerateArray().Select(c => c.GetString())));
        Assert.NotEmpty(angry!);
        Assert.Equal(2, limited!.Length);
    }

    [Fact]
    public async Task The_concern_tags_are_listed_for_filters_and_forms()
    {
        var world = await World.CreateAsync(Api);

        var concerns = await world.Patient.Client.GetFromJsonAsync<string[]>("/api/resources/concerns");

        Assert.Equal(ResourceConcerns.All.Order(StringComparer.Ordinal), concerns);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("concern=astrology", "concern")]
    [InlineData("emotion=Joy", "emotion")]
    [InlineData("emotion=3", "emotion")]
    public async Task A_search_outside_the_limits_is_a_validation_problem(string query, string field) =>
        await Problem.AssertValidationAsync(await (await World.CreateAsync(Api)).Patient.Client.GetAsync($"/api/resources?{query}"), field);

    [Fact]
    public async Task A_search_text_over_the_limit_is_refused()
    {
        var world = await World.CreateAsync(Api);

        await Problem.AssertValidationAsync(await world.Patient.Client.GetAsync($"/api/resources?q={new string('a', ResourceLimits.MaxQueryLength + 1)}"), "q");
    }

    [Fact]
    public async Task An_authored_resource_reads_as_sanitised_html_and_bad_or_unknown_ids_are_problems()
    {
        var world = await World.CreateAsync(Api);

        var document = await world.Patient.Client.GetFromJsonAsync<JsonElement>("/api/resources/box-breathing");
        await Problem.AssertValidationAsync(await world.Patient.Client.GetAsync("/api/resources/Box_Breathing"), "id");
        await Problem.AssertAsync(await world.Patient.Client.GetAsync("/api/resources/no-such-thing"), HttpStatusCode.NotFound);

        Assert.Equal("Box breathing", document.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("exercise", document.GetProperty("info").GetProperty("kind").GetString());
        Assert.StartsWith("<h2>Before you start</h2>", document.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_therapists_resource_is_sanitised_private_until_assigned_and_its_use_reaches_the_therapist()
    {
        var world = await World.CreateAsync(Api);
        var markdown = "Walk each **morning**.\n\n<script>fetch('/api/me')</script>\n\n<img src=x onerror=alert(1)>\n\n[more](javascript:alert(1))";

        var created = await world.Therapist.Client.PostAsJsonAsync("/api/resources", Handout("Morning walks", markdown));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var html = (await world.Therapist.Client.GetFromJsonAsync<JsonElement>($"/api/resources/{id}")).GetProperty("html").GetString()!;
        var ownSearch = await world.Therapist.Client.GetFromJsonAsync<JsonElement[]>("/api/resources?q=morning walks");
        var otherSearch = await world.OtherTherapist.Client.GetFromJsonAsync<JsonElement[]>("/api/resources?q=morning walks");
        var otherTherapistRead = await world.OtherTherapist.Client.GetAsync($"/api/resources/{id}");
        var patientBefore = await world.Patient.Client.GetAsync($"/api/resources/{id}");
        var otherTherapistAssigns = await world.OtherTherapist.Client.PutAsync($"/api/patients/{world.OtherPatient.Id}/resources/{id}", null);

        var assigned = await world.Therapist.Client.PutAsync($"/api/patients/{world.Patient.Id}/resources/{id}", null);
        await world.Therapist.Client.PutAsync($"/api/patients/{world.Patient.Id}/resources/grief", null);
        var patientAfter = await world.Patient.Client.GetAsync($"/api/resources/{id}");
        var used = await world.Patient.Client.PostAsync($"/api/patients/{world.Patient.Id}/resources/{id}/used", null);
        var notAssigned = await world.Patient.Client.PostAsync($"/api/patients/{world.Patient.Id}/resources/panic/used", null);
        var seenByPatient = await world.Patient.Client.GetFromJsonAsync<JsonElement[]>($"/api/patients/{world.Patient.Id}/resources");
        var seenByTherapist = await world.Therapist.Client.GetFromJsonAsync<JsonElement[]>($"/api/patients/{world.Patient.Id}/resources");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("<p>Walk each <strong>morning</strong>.</p>", html, StringComparison.Ordinal);
        Assert.EndsWith("<p><a rel=\"noopener noreferrer nofollow\" target=\"_blank\">more</a></p>", html, StringComparison.Ordinal);
        foreach (var removed in new[] { "script", "fetch", "<img", "onerror", "javascript" })
        {
            Assert.DoesNotContain(removed, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(id, ownSearch![0].GetProperty("id").GetString());
        Assert.DoesNotContain(otherSearch!, r => r.GetProperty("id").GetString() == id);
        await Problem.AssertAsync(otherTherapistRead, HttpStatusCode.NotFound);
        await Problem.AssertAsync(patientBefore, HttpStatusCode.NotFound);
        await Problem.AssertAsync(otherTherapistAssigns, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patientAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        await Problem.AssertAsync(notAssigned, HttpStatusCode.NotFound);
        Assert.Equal(["grief", id], seenByPatient!.Select(a => a.GetProperty("resource").GetProperty("id").GetString()));
        var walk = seenByTherapist!.Single(a => a.GetProperty("resource").GetProperty("id").GetString() == id);
        Assert.Equal(JsonValueKind.String, walk.GetProperty("usedAt").ValueKind);
        Assert.Equal(world.Therapist.Id, walk.GetProperty("assignedBy").GetString());
        Assert.Equal(JsonValueKind.Null, seenByTherapist!.Single(a => a.GetProperty("resource").GetProperty("id").GetString() == "grief").GetProperty("usedAt").ValueKind);
    }

    [Fact]
    public async Task Assignments_and_the_therapists_reads_of_them_are_audited_and_the_patients_own_reads_are_not()
    {
        var world = await World.CreateAsync(Api);

        await world.Therapist.Client.PutAsync($"/api/patients/{world.Patient.Id}/resources/sleep", null);
        await world.Therapist.Client.DeleteAsync($"/api/patients/{world.Patient.Id}/resources/sleep");
        await world.Therapist.Client.GetAsync($"/api/patients/{world.Patient.Id}/resources");
        await world.Patient.Client.GetAsync($"/api/patients/{world.Patient.Id}/resources");

        var page = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?patientId={world.Patient.Id}");
        var entries = page.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString()!.Contains("resource", StringComparison.Ordinal))
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actorId").GetString(), e.GetProperty("detail").GetString()))
            .ToList();

        Assert.Equal(
            [("patient.resources.read", world.Therapist.Id, "0 resources"), ("resource.unassign", world.Therapist.Id, "sleep"), ("resource.assign", world.Therapist.Id, "sleep")],
            entries);
    }

    [Fact]
    public async Task A_resource_breaking_the_rules_is_a_validation_problem_per_field()
    {
        var world = await World.CreateAsync(Api);
        var tooLong = new string('a', ResourceLimits.MaxMarkdownLength + 1);

        var response = await world.Therapist.Client.PostAsJsonAsync("/api/resources", new { title = "", summary = "S", concerns = new[] { "astrology" }, markdown = tooLong });

        var problem = await Problem.AssertValidationAsync(response, "markdown");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("concerns", out _));
    }
}
