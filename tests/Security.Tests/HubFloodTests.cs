using EmoteCare.Api.Accounts;
using EmoteCare.Api.Tests;

namespace EmoteCare.Security.Tests;

/// <summary>
/// Finding 6: 2,000 refused <c>Watch</c> calls wrote 2,000 stack traces. Refusals are logged once per window without a
/// stack, and each connection's hub calls are limited.
/// </summary>
public sealed class HubFloodTests(LiveApiFixture fixture) : IClassFixture<LiveApiFixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task Two_thousand_refused_calls_write_a_bounded_number_of_log_lines_without_stack_traces()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        await using var stranger = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.OtherTherapist));
        var before = Api.Logs.Lines.Count();

        var refused = 0;
        for (var i = 0; i < 2000; i++)
        {
            try
            {
                await stranger.InvokeAsync("Watch", sessionId);
            }
            catch (HubError)
            {
                refused++;
            }
        }

        var written = Api.Logs.Lines.Skip(before).Where(line => line.Contains("Watch", StringComparison.Ordinal) || line.Contains(".Hub", StringComparison.Ordinal) || line.Contains("SignalR", StringComparison.Ordinal)).ToList();
        Assert.Equal(2000, refused);
        Assert.True(written.Count <= 5, $"{written.Count} log lines about the refusals, the last: {written.LastOrDefault()}");
        Assert.DoesNotContain(written, line => line.Contains("   at ", StringComparison.Ordinal));
        Assert.Contains(written, line => line.Contains(world.OtherTherapist.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hub_calls_beyond_the_connections_limit_are_refused_with_a_clear_error_and_other_connections_go_on()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        await using var noisy = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await using var calm = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Therapist));

        var errors = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await noisy.InvokeAsync("Unwatch", Ids.New());
            }
            catch (HubError error)
            {
                errors.Add(error.Message);
            }
        }

        Assert.NotEmpty(errors);
        Assert.All(errors, message => Assert.Contains("Too many hub calls", message, StringComparison.Ordinal));
        Assert.Equal("live", (await calm.InvokeAsync("Watch", sessionId)).GetProperty("status").GetString());
    }
}
