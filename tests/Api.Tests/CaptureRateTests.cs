using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Hubs;
using EmoteCare.Api.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Tests;

public sealed class CaptureRateTests(CaptureRateTests.Fixture fixture) : IClassFixture<CaptureRateTests.Fixture>
{
    /// <summary>An Api configured away from the default rate, so the answer shows the configuration, not a constant.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal TestApi Api { get; private set; } = null!;

        public async Task InitializeAsync() => Api = await TestApi.StartAsync(new Dictionary<string, string?> { ["Live:CaptureFramesPerSecond"] = "3" });

        public async Task DisposeAsync() => await Api.DisposeAsync();
    }

    [Fact]
    public async Task Consent_tells_the_patients_browser_the_configured_capture_rate()
    {
        var world = await World.CreateAsync(fixture.Api);

        var consent = await world.Patient.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{world.SessionId}/consent");

        Assert.Equal(3, consent.GetProperty("captureFramesPerSecond").GetInt32());
    }

    [Fact]
    public void Capture_rate_is_read_from_the_Live_section()
    {
        var live = Resolve(new() { ["Live:CaptureFramesPerSecond"] = "4", ["RateLimits:FrameIngest:FramesPerSecond"] = "5" });

        Assert.Equal(4, live.CaptureFramesPerSecond);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("0")]
    public void Capture_rate_outside_one_to_the_ingest_limit_is_refused_at_start(string rate)
    {
        using var services = Services(new() { ["Live:CaptureFramesPerSecond"] = rate, ["RateLimits:FrameIngest:FramesPerSecond"] = "5" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Live:CaptureFramesPerSecond", error.Message, StringComparison.Ordinal);
    }

    private static LiveOptions Resolve(Dictionary<string, string?> settings)
    {
        using var services = Services(settings);
        return services.GetRequiredService<IOptions<LiveOptions>>().Value;
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddApiRateLimits(configuration).AddLiveHub(configuration).BuildServiceProvider();
    }
}
