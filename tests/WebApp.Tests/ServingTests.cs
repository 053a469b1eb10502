using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmoteCare.Api;

namespace EmoteCare.WebApp.Tests;

/// <summary>How the Api serves the built app and describes the model, over HTTP without a browser.</summary>
public sealed partial class ServingTests(WebAppFixture fixture) : IClassFixture<WebAppFixture>
{
    private WebAppServer Server => fixture.Server;

    [Fact]
    public async Task The_app_is_served_with_the_security_headers_and_its_hashed_assets_are_cached_for_good()
    {
        using var client = new HttpClient { BaseAddress = Server.Address };

        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(page.Headers.CacheControl?.NoCache);
        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));

        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // nothing inline: the CSP allows none
        var assets = Asset().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, assets.Count);
        foreach (var asset in assets)
        {
            var response = await client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        }

        // Anything else is not a file and stays behind sign-in, as before.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/no-such-page")).StatusCode);
    }

    [Fact]
    public async Task Api_model_needs_a_sign_in_and_reads_the_sidecar_of_the_model_in_use()
    {
        var cast = await Server.SeedAsync("Lee");
        using var anonymous = new HttpClient { BaseAddress = Server.Address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/model")).StatusCode);

        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = Server.Address };
        (await client.PostAsJsonAsync("/api/auth/login", new { email = cast.Therapist.Email, password = cast.TherapistPassword })).EnsureSuccessStatusCode();
        var model = await client.GetFromJsonAsync<JsonElement>("/api/model");

        var expected = ModelInfoResponse.Read(TestEnvironment.ModelPath);
        Assert.True(model.GetProperty("sidecarFound").GetBoolean());
        Assert.Equal(expected.Version, model.GetProperty("version").GetString());
        Assert.Equal(7, model.GetProperty("classes").GetArrayLength());
        Assert.Equal(expected.ValAccuracy is null, model.GetProperty("valAccuracy").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public void The_model_description_takes_accuracy_from_the_sidecar_and_survives_a_missing_one()
    {
        var folder = Directory.CreateTempSubdirectory("emotecare-model-");
        try
        {
            var model = Path.Combine(folder.FullName, "emotion-fer.onnx");
            File.WriteAllText(Path.ChangeExtension(model, ".json"), """
                { "name": "emotion-fer", "version": "9.9.9", "classes": ["angry","disgust","fear","happy","sad","surprise","neutral"],
                  "metrics": { "split": "FER2013 PublicTest (the dataset's val/ folder), 3,589 faces", "val_accuracy": 0.6543 } }
                """);
            var info = ModelInfoResponse.Read(model);
            Assert.True(info.SidecarFound);
            Assert.Equal("9.9.9", info.Version);
            Assert.Equal(0.6543, info.ValAccuracy);
            Assert.StartsWith("FER2013 PublicTest", info.EvaluatedOn, StringComparison.Ordinal);

            var missing = ModelInfoResponse.Read(Path.Combine(folder.FullName, "absent.onnx"));
            Assert.False(missing.SidecarFound);
            Assert.Null(missing.ValAccuracy);
            Assert.Equal(7, missing.Classes.Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+)\"")]
    private static partial Regex Asset();
}
