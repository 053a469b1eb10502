using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EmoteCare.Api.Tests;

public sealed partial class SeedCommandTests
{
    [Fact]
    public async Task Seed_demo_prints_three_passwords_once_that_sign_in_and_a_second_run_changes_nothing()
    {
        await using var database = await FreshDatabase.CreateAsync();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database.ConnectionString };

        var (exitCode, output) = await ApiProcess.RunCommandAsync(["seed-demo"], environment);
        var (secondExitCode, secondOutput) = await ApiProcess.RunCommandAsync(["seed-demo"], environment);

        Assert.True(exitCode == 0, output);
        var passwords = PasswordLine().Matches(output).ToDictionary(m => m.Groups["role"].Value, m => (Email: m.Groups["email"].Value, Password: m.Groups["password"].Value));
        Assert.Equal(["admin", "patient", "therapist"], passwords.Keys.Order());
        Assert.Equal(0, secondExitCode);
        Assert.Empty(PasswordLine().Matches(secondOutput));
        Assert.Equal(3, Regex.Count(secondOutput, "exists already"));

        await using var api = await ApiProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        var token = await client.PostAsJsonAsync("/api/auth/token", new { email = passwords["therapist"].Email, password = passwords["therapist"].Password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var caseload = await client.GetFromJsonAsync<JsonElement>("/api/patients");
        Assert.Equal("Demo Patient", Assert.Single(caseload.GetProperty("items").EnumerateArray()).GetProperty("pseudonym").GetString());
        // Booked through the therapist's calendar: the session holds the slot, which is no longer offered.
        var now = DateTimeOffset.UtcNow;
        var session = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/sessions?from={Query(now.AddHours(-1))}&to={Query(now.AddDays(8))}")).EnumerateArray());
        var patientId = session.GetProperty("patientId").GetString();
        var slots = await client.GetFromJsonAsync<JsonElement>($"/api/patients/{patientId}/slots?from={Query(now)}&to={Query(now.AddDays(8))}&timeZone=UTC");
        Assert.DoesNotContain(slots.GetProperty("items").EnumerateArray(), slot => slot.GetProperty("start").GetDateTimeOffset() == session.GetProperty("scheduledFor").GetDateTimeOffset());
        Assert.NotEmpty(slots.GetProperty("items").EnumerateArray());
        Assert.DoesNotContain(passwords["therapist"].Password, api.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_admin_refuses_an_invalid_email()
    {
        await using var database = await FreshDatabase.CreateAsync();

        var (exitCode, output) = await ApiProcess.RunCommandAsync(["create-admin", "not an email", "Admin"], new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database.ConnectionString });

        Assert.Equal(2, exitCode);
        Assert.Contains("not an email address", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s+(?<role>admin|therapist|patient)\s+(?<email>\S+)\s+password: (?<password>\S+)$", RegexOptions.Multiline)]
    private static partial Regex PasswordLine();

    private static string Query(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("o", CultureInfo.InvariantCulture));
}
