using System.Globalization;
using System.Text.RegularExpressions;
using EmoteCare.Api.Hubs;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmoteCare.WebApp.Tests;

/// <summary>The WebRTC call in Debian's Chromium with fake media devices: each side decodes the other's video while insights flow.</summary>
public sealed partial class WebAppTests
{
    private const float CallTimeoutMs = 45_000;

    [FactRequiringDatasets]
    public async Task Patient_and_therapist_see_each_other_peer_to_peer_while_insights_flow_and_mute_camera_off_and_leave_work()
    {
        var video = Path.Combine(Path.GetTempPath(), $"emotecare-fake-camera-{Guid.NewGuid():N}.y4m");
        FakeCamera.Write(video);
        try
        {
            var cast = await Server.SeedAsync("Jordan");
            await using var browser = await Browser.LaunchAsync(fakeVideo: video);
            var patient = await browser.NewPageAsync(Server.Address, camera: true);
            var therapist = await browser.NewPageAsync(Server.Address, camera: true);
            await patient.Context.AddInitScriptAsync(
                """
                (() => {
                  window.getUserMediaCalls = 0;
                  const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
                  navigator.mediaDevices.getUserMedia = (constraints) => { window.getUserMediaCalls++; return open(constraints); };
                })();
                """);

            await patient.GotoAsync("/");
            await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword);
            await patient.GotoAsync($"/#/patient/consent/{cast.SessionId}");
            await patient.GetByRole(AriaRole.Button, new() { Name = "Allow facial analysis for this session" }).ClickAsync();
            await Expect(patient.GetByTestId("call-status")).ToHaveAttributeAsync("data-state", "idle");
            await therapist.GotoAsync("/");
            await SignInAsync(therapist, cast.Therapist.Email, cast.TherapistPassword, keyboard: true);
            await therapist.Locator($"tr[data-session-id='{cast.SessionId}']").GetByRole(AriaRole.Button, new() { Name = "Start session" }).ClickAsync();

            // Both pages connect the call and decode the other side's video.
            await ExpectCallConnectedAsync(patient);
            await ExpectCallConnectedAsync(therapist);
            await ExpectRemoteVideoPlaysAsync(patient);
            await ExpectRemoteVideoPlaysAsync(therapist);

            // The analysis frames come from the same camera stream, and the therapist's insights keep flowing meanwhile.
            var analysed = therapist.GetByTestId("frames-analysed").Locator("dd");
            await WaitForNumberAsync(analysed, n => n >= 6, "frames analysed during the call");
            await Expect(therapist.GetByTestId("face-present")).ToHaveAttributeAsync("data-state", "present", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(patient.GetByTestId("analysis-indicator")).ToHaveAttributeAsync("data-state", "on");
            Assert.Equal(1, await patient.EvaluateAsync<int>("() => window.getUserMediaCalls"));
            var analysedInCall = await ReadNumberAsync(analysed);
            await WaitForNumberAsync(analysed, n => n >= analysedInCall + 6, "frames analysed while the video plays");
            await ExpectRemoteVideoPlaysAsync(therapist);
            // The fake camera shows FER2013 faces, whose people never agreed to be pictured in our docs: blurred there.
            await therapist.EvaluateAsync("() => document.querySelectorAll('video').forEach(v => { v.style.filter = 'blur(10px)'; })");
            await ScreenshotAsync(therapist, "therapist-call", docs: true);
            await ScreenshotAsync(patient, "patient-call");

            // The patient's hub connection drops: the media go peer to peer and carry on, and the page that reconnects
            // keeps its call (it joins again with the call's id, so the therapist's page does not start a new one).
            await therapist.EvaluateAsync("() => { window.streamBeforeDrop = document.querySelector('[data-testid=remote-video]').srcObject; }");
            var sockets = await Browser.HubSocketCountAsync(patient);
            await Browser.DropHubAsync(patient);
            await patient.WaitForFunctionAsync("n => window.hubSockets.length > n", sockets);
            await Expect(patient.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 30_000 });
            await ExpectCallConnectedAsync(patient);
            await ExpectRemoteVideoPlaysAsync(therapist);
            Assert.True(
                await therapist.EvaluateAsync<bool>("() => document.querySelector('[data-testid=remote-video]').srcObject === window.streamBeforeDrop"),
                "The therapist's page kept the same call through the patient's reconnect.");

            // Mute, by keyboard: the microphone track stops sending sound.
            await therapist.GetByTestId("mute").FocusAsync();
            await therapist.Keyboard.PressAsync("Enter");
            await Expect(therapist.GetByTestId("mute")).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(therapist.GetByTestId("mute")).ToHaveTextAsync("Unmute microphone");
            Assert.False(await therapist.EvaluateAsync<bool>("() => document.querySelector('video.preview').srcObject.getAudioTracks()[0].enabled"));

            // Camera off on the patient's side also stops the analysis frames; on again, they resume.
            await patient.GetByTestId("camera-off").ClickAsync();
            await Expect(patient.GetByTestId("analysis-indicator")).ToHaveAttributeAsync("data-state", "off");
            await Expect(patient.GetByTestId("analysis-indicator")).ToContainTextAsync("the camera is off");
            var sentWhileOff = await ReadNumberAsync(patient.GetByTestId("frames-sent"));
            await Task.Delay(1500);
            Assert.Equal(sentWhileOff, await ReadNumberAsync(patient.GetByTestId("frames-sent")));
            await patient.GetByTestId("camera-off").ClickAsync();
            await WaitForNumberAsync(patient.GetByTestId("frames-sent"), n => n >= sentWhileOff + 2, "frames sent after the camera came back");

            // Leaving hangs up on both sides; joining again connects a new call.
            await patient.GetByTestId("leave-call").ClickAsync();
            await Expect(patient.GetByTestId("call-status")).ToHaveAttributeAsync("data-state", "left");
            await Expect(therapist.GetByTestId("call-status")).ToContainTextAsync("The patient left the call.");
            await patient.GetByRole(AriaRole.Button, new() { Name = "Join the call again" }).ClickAsync();
            await ExpectCallConnectedAsync(patient);
            await ExpectCallConnectedAsync(therapist);
            await ExpectRemoteVideoPlaysAsync(therapist);

            // Ending the session ends the call.
            await therapist.GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();
            await Expect(patient.GetByTestId("call-status")).ToHaveAttributeAsync("data-state", "idle", new() { Timeout = 20_000 });
            Assert.Empty(browser.Errors);
        }
        finally
        {
            File.Delete(video);
        }
    }

    [Fact]
    public async Task A_second_tab_of_the_therapist_takes_the_call_the_first_says_it_continues_there_and_closing_the_stale_tab_hangs_nothing_up()
    {
        var cast = await Server.SeedAsync("Quinn");
        await using var browser = await Browser.LaunchAsync(fakeCamera: true);
        var (patient, therapist) = await StartCallAsync(browser, Server.Address, cast);

        // The same therapist opens the call page in a second tab of the same browser: the call moves there.
        var secondTab = await browser.NewTabAsync(therapist.Context);
        await secondTab.GotoAsync(therapist.Url);
        await ExpectCallConnectedAsync(secondTab);
        await ExpectRemoteVideoPlaysAsync(secondTab);
        await ExpectRemoteVideoPlaysAsync(patient);
        await Expect(therapist.GetByTestId("call-status")).ToHaveAttributeAsync("data-state", "replaced");
        await Expect(therapist.GetByTestId("call-status")).ToContainTextAsync("The call continues in another window");
        Assert.Null(await therapist.EvaluateAsync<object?>("() => document.querySelector('[data-testid=remote-video]').srcObject"));

        // The first tab takes it back; the second one, now stale, is closed and hangs nothing up.
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Take the call here" }).ClickAsync();
        await ExpectCallConnectedAsync(therapist);
        await Expect(secondTab.GetByTestId("call-status")).ToHaveAttributeAsync("data-state", "replaced");
        await ExpectRemoteVideoPlaysAsync(therapist);
        await secondTab.CloseAsync();
        await Task.Delay(2000);
        await Expect(patient.GetByTestId("call-status")).ToHaveAttributeAsync("data-state", "connected");
        await ExpectRemoteVideoPlaysAsync(patient);
        Assert.Empty(browser.Errors);
    }

    /// <summary>
    /// The cast's patient opens their session page and their therapist starts the session from the home page, each in a
    /// page of their own with the fake camera: returns both pages once each side's call is connected.
    /// </summary>
    internal static async Task<(IPage Patient, IPage Therapist)> StartCallAsync(Browser browser, Uri address, Cast cast)
    {
        var patient = await browser.NewPageAsync(address, camera: true);
        var therapist = await browser.NewPageAsync(address, camera: true);
        await patient.GotoAsync("/");
        await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword);
        await patient.GotoAsync($"/#/patient/session/{cast.SessionId}");
        await therapist.GotoAsync("/");
        await SignInAsync(therapist, cast.Therapist.Email, cast.TherapistPassword);
        await therapist.Locator($"tr[data-session-id='{cast.SessionId}']").GetByRole(AriaRole.Button, new() { Name = "Start session" }).ClickAsync();
        await ExpectCallConnectedAsync(patient);
        await ExpectCallConnectedAsync(therapist);
        return (patient, therapist);
    }

    internal static async Task ExpectCallConnectedAsync(IPage page) =>
        await Expect(page.GetByTestId("call-status")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = CallTimeoutMs });

    /// <summary>The other side's video decodes (it has dimensions and its playback time moves on), and its sound arrives too.</summary>
    internal static async Task ExpectRemoteVideoPlaysAsync(IPage page)
    {
        await page.WaitForFunctionAsync(
            "() => document.querySelector('[data-testid=remote-video]')?.srcObject?.getAudioTracks().some(t => t.readyState === 'live')",
            null,
            new() { Timeout = CallTimeoutMs });
        await page.WaitForFunctionAsync(
            "() => { const v = document.querySelector('[data-testid=remote-video]'); return v && v.videoWidth > 0 && v.videoHeight > 0; }",
            null,
            new() { Timeout = CallTimeoutMs });
        var at = await page.EvaluateAsync<double>("() => document.querySelector('[data-testid=remote-video]').currentTime");
        // It plays on its own: the page did not need to ask the person to start it.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Play the call's sound and video" })).ToBeHiddenAsync();
        await page.WaitForFunctionAsync("at => document.querySelector('[data-testid=remote-video]').currentTime > at + 1", at, new() { Timeout = CallTimeoutMs });
    }
}

/// <summary>The call forced through a TURN relay: coturn started by the test with the Api's time-limited credentials.</summary>
public sealed class CallRelayTests(CallRelayTests.Fixture fixture) : IClassFixture<CallRelayTests.Fixture>
{
    /// <summary>How long the Api's TURN credentials last here: renewed after 30 s, expired within a test.</summary>
    private static readonly TimeSpan CredentialLifetime = TimeSpan.FromSeconds(40);

    /// <summary>coturn on a free loopback port, and an Api that sends every call through it with short-lived credentials.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal Coturn Turn { get; private set; } = null!;

        internal WebAppServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Turn = await Coturn.StartAsync();
            Server = await WebAppServer.StartAsync(new Dictionary<string, string?>
            {
                ["Live:Ice:TurnUrls:0"] = Turn.Url,
                ["Live:Ice:TurnSecret"] = Turn.Secret,
                ["Live:Ice:RelayOnly"] = "true",
                ["Live:Ice:TurnCredentialLifetime"] = CredentialLifetime.ToString("c", CultureInfo.InvariantCulture),
            });
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await Turn.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_relay_only_the_call_goes_through_coturn_with_credentials_the_api_issued()
    {
        var cast = await fixture.Server.SeedAsync("Riley");
        // Chromium's own fake camera and microphone: a test pattern and a beep.
        await using var browser = await Browser.LaunchAsync(fakeCamera: true);

        var (patient, therapist) = await WebAppTests.StartCallAsync(browser, fixture.Server.Address, cast);
        await WebAppTests.ExpectRemoteVideoPlaysAsync(patient);
        await WebAppTests.ExpectRemoteVideoPlaysAsync(therapist);

        await Expect(patient.GetByTestId("call-status")).ToHaveAttributeAsync("data-route", "relay");
        await Expect(therapist.GetByTestId("call-status")).ToHaveAttributeAsync("data-route", "relay");
        await Expect(therapist.GetByTestId("call-status")).ToContainTextAsync("through the relay server");
        // coturn allocated relays under the user names the Api issued (expiry:userId), so it accepted their passwords.
        var log = fixture.Turn.Log;
        Assert.Matches($@"user <\d+:{cast.Patient.Id}>: incoming packet ALLOCATE processed, success", log);
        Assert.Matches($@"user <\d+:{cast.Therapist.Id}>: incoming packet ALLOCATE processed, success", log);
        Assert.DoesNotContain(fixture.Turn.Secret, await patient.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_relayed_call_outlives_its_first_turn_credentials_because_each_page_renews_them_and_restarts_ice()
    {
        var cast = await fixture.Server.SeedAsync("Morgan");
        await using var browser = await Browser.LaunchAsync(fakeCamera: true);
        var (patient, therapist) = await WebAppTests.StartCallAsync(browser, fixture.Server.Address, cast);
        var firstExpiry = new[] { cast.Patient.Id, cast.Therapist.Id }.Max(id => AllocationExpiries(id).Min());

        // Each page renews its credentials a quarter of their lifetime before they expire and restarts ICE with them.
        foreach (var page in new[] { patient, therapist })
        {
            await Expect(page.GetByTestId("call-status")).ToHaveAttributeAsync("data-renewals", new Regex("^[1-9]"), new() { Timeout = (float)CredentialLifetime.TotalMilliseconds });
        }

        // Past the first credentials' expiry, after which coturn allocates nothing more with them: the call goes on.
        var pastExpiry = firstExpiry + TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow;
        if (pastExpiry > TimeSpan.Zero)
        {
            await Task.Delay(pastExpiry);
        }

        foreach (var page in new[] { patient, therapist })
        {
            await WebAppTests.ExpectCallConnectedAsync(page);
            await Expect(page.GetByTestId("call-status")).ToHaveAttributeAsync("data-route", "relay");
            await WebAppTests.ExpectRemoteVideoPlaysAsync(page);
        }

        // The ICE restarts allocated relays under the renewed credentials, which expire later.
        Assert.All([cast.Patient.Id, cast.Therapist.Id], id => Assert.True(AllocationExpiries(id).Max() > firstExpiry, $"No allocation of {id} with renewed credentials in coturn's log."));
        Assert.Empty(browser.Errors);
    }

    /// <summary>The expiries in the user names under which coturn allocated relays for <paramref name="userId"/>.</summary>
    private IReadOnlyList<DateTimeOffset> AllocationExpiries(string userId) =>
        [.. Regex.Matches(fixture.Turn.Log, $@"user <(\d+):{Regex.Escape(userId)}>: incoming packet ALLOCATE processed, success")
            .Select(match => DateTimeOffset.FromUnixTimeSeconds(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)))];
}
