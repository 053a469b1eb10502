using System.Globalization;
using System.Text.RegularExpressions;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Hubs;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using Orleans;

namespace EmoteCare.WebApp.Tests;

/// <summary>One Api with a database of its own for the class; each test seeds its own therapist, patient and session.</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    internal WebAppServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WebAppServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The web app end to end in Debian's Chromium: a patient with a fake camera (FER2013 faces) and their therapist, against the
/// real Api. Screenshots of every page go to tests/WebApp.Tests/TestResults/screenshots.
/// </summary>
public sealed partial class WebAppTests(WebAppFixture fixture, ITestOutputHelper output) : IClassFixture<WebAppFixture>
{
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(90);

    private WebAppServer Server => fixture.Server;

    [FactRequiringDatasets]
    public async Task Patient_consents_and_streams_therapist_sees_live_insights_withdrawal_turns_analysis_off_and_the_summary_follows()
    {
        var video = Path.Combine(Path.GetTempPath(), $"emotecare-fake-camera-{Guid.NewGuid():N}.y4m");
        var faces = FakeCamera.Write(video);
        output.WriteLine($"fake camera: {faces} FER2013 faces in {video}; model {TestEnvironment.ModelPath}");
        try
        {
            var cast = await Server.SeedAsync("Robin");
            await using var browser = await Browser.LaunchAsync(fakeVideo: video);
            var patient = await browser.NewPageAsync(Server.Address, camera: true);
            var therapist = await browser.NewPageAsync(Server.Address);

            // The patient signs in, reads the consent screen and allows facial analysis.
            await patient.GotoAsync("/");
            await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Sign in to EmoteCare" })).ToBeVisibleAsync();
            await ScreenshotAsync(patient, "sign-in");
            await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword);
            var row = patient.Locator($"tr[data-session-id='{cast.SessionId}']");
            await Expect(row).ToBeVisibleAsync();
            await ScreenshotAsync(patient, "patient-sessions");
            await row.GetByRole(AriaRole.Link, new() { Name = "Facial analysis" }).ClickAsync();
            await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "What is stored" })).ToBeVisibleAsync();
            await Expect(patient.GetByText("never saved", new() { Exact = false }).First).ToBeVisibleAsync();
            await ScreenshotAsync(patient, "patient-consent");
            await patient.GetByRole(AriaRole.Button, new() { Name = "Allow facial analysis for this session" }).ClickAsync();

            // The session page waits for the therapist, analysis off, camera on.
            await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Your live session" })).ToBeVisibleAsync();
            var patientAnalysis = patient.GetByTestId("analysis-indicator");
            await Expect(patientAnalysis).ToHaveAttributeAsync("data-state", "off");
            await Expect(patient.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected");
            await ScreenshotAsync(patient, "patient-session-waiting");

            // The therapist signs in with the keyboard only and starts the session.
            await therapist.GotoAsync("/");
            await SignInAsync(therapist, cast.Therapist.Email, cast.TherapistPassword, keyboard: true);
            var therapistRow = therapist.Locator($"tr[data-session-id='{cast.SessionId}']");
            await Expect(therapistRow).ToBeVisibleAsync();
            await ScreenshotAsync(therapist, "therapist-caseload");
            await therapistRow.GetByRole(AriaRole.Button, new() { Name = "Start session" }).ClickAsync();
            await Expect(therapist.GetByRole(AriaRole.Heading, new() { Name = "Live dashboard: Robin Patient" })).ToBeVisibleAsync();

            // Frames flow: the patient sees analysis on and frames sent; the therapist sees readings arrive.
            await Expect(patientAnalysis).ToHaveAttributeAsync("data-state", "on", new() { Timeout = 30_000 });
            await WaitForNumberAsync(patient.GetByTestId("frames-sent"), n => n >= 3, "frames sent by the patient");
            var therapistAnalysis = therapist.GetByTestId("analysis-indicator");
            await Expect(therapistAnalysis).ToHaveAttributeAsync("data-state", "on");
            var analysed = therapist.GetByTestId("frames-analysed").Locator("dd");
            await WaitForNumberAsync(analysed, n => n >= 6, "frames analysed on the dashboard");
            await Expect(therapist.GetByTestId("face-present")).ToHaveAttributeAsync("data-state", "present", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(therapist.GetByTestId("dominant")).ToContainTextAsync("Most visible now:", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
            await Expect(therapist.Locator(".measure-line")).ToContainTextAsync("Model accuracy:");
            await WaitForNumberAsync(analysed, n => n >= 16, "frames analysed on the dashboard");
            await ScreenshotAsync(therapist, "therapist-dashboard");
            await ScreenshotAsync(patient, "patient-session-live");

            // The connection drops: both pages say so, reconnect, join again (JoinAsPatient, Watch) and carry on.
            await RecordConnectionStatesAsync(patient);
            await RecordConnectionStatesAsync(therapist);
            var (patientSockets, therapistSockets) = (await Browser.HubSocketCountAsync(patient), await Browser.HubSocketCountAsync(therapist));
            await Browser.DropHubAsync(patient);
            await Browser.DropHubAsync(therapist);
            // The close reaches each page's client asynchronously: wait for it to say so before waiting for it to recover.
            await patient.WaitForFunctionAsync("() => window.connectionStates.includes('reconnecting')");
            await therapist.WaitForFunctionAsync("() => window.connectionStates.includes('reconnecting')");
            await Expect(patient.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 30_000 });
            await Expect(therapist.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 30_000 });
            Assert.True(await Browser.HubSocketCountAsync(patient) > patientSockets && await Browser.HubSocketCountAsync(therapist) > therapistSockets, "Both pages opened a new hub connection.");
            var sentBeforeDrop = await ReadNumberAsync(patient.GetByTestId("frames-sent"));
            var analysedBeforeDrop = await ReadNumberAsync(analysed);
            await WaitForNumberAsync(patient.GetByTestId("frames-sent"), n => n >= sentBeforeDrop + 4, "frames sent after reconnecting");
            await WaitForNumberAsync(analysed, n => n >= analysedBeforeDrop + 4, "frames analysed after reconnecting");
            await Expect(patientAnalysis).ToHaveAttributeAsync("data-state", "on");

            // A reload numbers the page's frames from the start again: they are still analysed, not dropped as old.
            var analysedBeforeReload = await ReadNumberAsync(analysed);
            await patient.ReloadAsync();
            await Expect(patientAnalysis).ToHaveAttributeAsync("data-state", "on", new() { Timeout = 30_000 });
            await WaitForNumberAsync(patient.GetByTestId("frames-sent"), n => n >= 4, "frames sent after the reload");
            await WaitForNumberAsync(analysed, n => n >= analysedBeforeReload + 4, "frames analysed after the reload");
            await Expect(patient.GetByTestId("last-result")).ToHaveTextAsync("sent");

            // Withdrawal: sending stops at once on the patient's side, and the therapist sees analysis off.
            await patient.GetByTestId("withdraw").ClickAsync();
            await Expect(patientAnalysis).ToHaveAttributeAsync("data-state", "off", new() { Timeout = 2_000 });
            var sentAtWithdrawal = await ReadNumberAsync(patient.GetByTestId("frames-sent"));
            await Expect(therapistAnalysis).ToHaveAttributeAsync("data-state", "off", new() { Timeout = 10_000 });
            var analysedAtWithdrawal = await ReadNumberAsync(analysed);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(sentAtWithdrawal, await ReadNumberAsync(patient.GetByTestId("frames-sent")));
            Assert.InRange(await ReadNumberAsync(analysed), analysedAtWithdrawal, analysedAtWithdrawal + 1);
            await ScreenshotAsync(patient, "patient-session-withdrawn");
            await ScreenshotAsync(therapist, "therapist-dashboard-analysis-off");

            // The therapist ends the session and reads the summary; the patient's page says it ended.
            await therapist.GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();
            await Expect(therapist.GetByRole(AriaRole.Heading, new() { Name = "Session summary" })).ToBeVisibleAsync();
            await WaitForNumberAsync(therapist.GetByTestId("summary-stats").Locator(".stat", new() { HasText = "Frames analysed" }).Locator("dd"), n => n >= 16, "frames in the summary");
            await ScreenshotAsync(therapist, "therapist-summary");
            await Expect(patient.GetByTestId("session-status")).ToContainTextAsync("The session has ended", new() { Timeout = 20_000 });

            // History for the patient, trends for the therapist.
            await patient.GotoAsync("/#/patient/history");
            await Expect(patient.GetByRole(AriaRole.Link, new() { Name = "Summary" })).ToHaveCountAsync(1);
            await ScreenshotAsync(patient, "patient-history");
            await patient.GetByRole(AriaRole.Link, new() { Name = "Summary" }).ClickAsync();
            await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Session summary" })).ToBeVisibleAsync();
            await ScreenshotAsync(patient, "patient-summary");

            await therapist.GotoAsync($"/#/therapist/patients/{cast.Patient.Id}");
            await Expect(therapist.GetByRole(AriaRole.Heading, new() { Name = "Trends: Robin Patient" })).ToBeVisibleAsync();
            await Expect(therapist.Locator("#trend-heading ~ div table tbody tr")).ToHaveCountAsync(1);
            await ScreenshotAsync(therapist, "therapist-trends-weeks");
            await therapist.GetByLabel("Group sessions").SelectOptionAsync("day");
            await Expect(therapist.GetByText("1 day with sessions.")).ToBeVisibleAsync();
            await ScreenshotAsync(therapist, "therapist-trends-days");

            Assert.Empty(browser.Errors);
        }
        finally
        {
            File.Delete(video);
        }
    }

    [Fact]
    public async Task A_blocked_camera_is_explained_and_analysis_stays_off()
    {
        var cast = await Server.SeedAsync("Sam");
        await using var browser = await Browser.LaunchAsync();
        var patient = await browser.NewPageAsync(Server.Address);
        // As if the patient had blocked the camera for this site.
        await patient.Context.AddInitScriptAsync("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));");

        await patient.GotoAsync("/");
        await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword);
        await patient.GotoAsync($"/#/patient/consent/{cast.SessionId}");
        var captureRate = Server.Services.GetRequiredService<IOptions<LiveOptions>>().Value.CaptureFramesPerSecond;
        await Expect(patient.GetByText($"your camera sends about {captureRate} small pictures", new() { Exact = false })).ToBeVisibleAsync();
        await patient.GetByRole(AriaRole.Button, new() { Name = "Allow facial analysis for this session" }).ClickAsync();

        await Expect(patient.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Camera access was blocked" })).ToBeVisibleAsync();
        await Expect(patient.GetByRole(AriaRole.Button, new() { Name = "Try the camera again" })).ToBeVisibleAsync();
        await Expect(patient.GetByTestId("analysis-indicator")).ToHaveAttributeAsync("data-state", "off");
        await ScreenshotAsync(patient, "patient-camera-blocked");
        Assert.Empty(browser.Errors);

        // The password changes elsewhere: the server closes the page's hub connection, saying why, and the page, whose
        // cookie no longer works, asks for a new sign-in at once (its own polling would take up to 10 s).
        await Expect(patient.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected");
        Assert.True(await Server.Services.GetRequiredService<AccountService>().ChangePasswordAsync(cast.Patient.Id, cast.PatientPassword, "a new passphrase for Sam", CancellationToken.None));
        await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Sign in to EmoteCare" })).ToBeVisibleAsync(new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task When_no_face_is_seen_the_patient_and_the_therapist_are_told()
    {
        var cast = await Server.SeedAsync("Kim");
        // Chromium's own fake camera: a test pattern with no face in it.
        await using var browser = await Browser.LaunchAsync(fakeCamera: true);
        var patient = await browser.NewPageAsync(Server.Address, camera: true);
        var therapist = await browser.NewPageAsync(Server.Address);

        await patient.GotoAsync("/");
        await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword);
        await patient.GotoAsync($"/#/patient/consent/{cast.SessionId}");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Allow facial analysis for this session" }).ClickAsync();
        await Expect(patient.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected");
        await therapist.GotoAsync("/");
        await SignInAsync(therapist, cast.Therapist.Email, cast.TherapistPassword);
        await therapist.Locator($"tr[data-session-id='{cast.SessionId}']").GetByRole(AriaRole.Button, new() { Name = "Start session" }).ClickAsync();

        await Expect(patient.GetByTestId("face-hint")).ToContainTextAsync("Your face is not visible", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
        await Expect(therapist.GetByTestId("face-present")).ToHaveAttributeAsync("data-state", "absent", new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
        await Expect(therapist.GetByTestId("face-present")).ToContainTextAsync("No face seen");
        await Expect(therapist.GetByTestId("dominant")).ToContainTextAsync("No face seen yet");
        await ScreenshotAsync(patient, "patient-session-no-face");
        await ScreenshotAsync(therapist, "therapist-dashboard-no-face");
        await therapist.GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();
        await Expect(therapist.GetByRole(AriaRole.Heading, new() { Name = "Session summary" })).ToBeVisibleAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Pages_fit_a_360_px_screen_and_every_control_has_a_label()
    {
        var cast = await Server.SeedAsync("Alex");
        await using var browser = await Browser.LaunchAsync();
        var therapist = await browser.NewPageAsync(Server.Address, width: 360, height: 780);
        var patient = await browser.NewPageAsync(Server.Address, width: 360, height: 780);

        await therapist.GotoAsync("/");
        await AssertFitsAndLabelledAsync(therapist, "sign-in-360");
        await SignInAsync(therapist, cast.Therapist.Email, cast.TherapistPassword, keyboard: true);
        await Expect(therapist.Locator($"tr[data-session-id='{cast.SessionId}']")).ToBeVisibleAsync();
        await AssertFitsAndLabelledAsync(therapist, "therapist-caseload-360");
        await therapist.GotoAsync($"/#/therapist/session/{cast.SessionId}");
        await Expect(therapist.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected");
        await AssertFitsAndLabelledAsync(therapist, "therapist-dashboard-360");
        await therapist.GotoAsync($"/#/therapist/patients/{cast.Patient.Id}");
        await Expect(therapist.GetByText("No ended sessions in this range.")).ToBeVisibleAsync();
        await AssertFitsAndLabelledAsync(therapist, "therapist-trends-360");

        await patient.GotoAsync("/");
        await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword, keyboard: true);
        await Expect(patient.Locator($"tr[data-session-id='{cast.SessionId}']")).ToBeVisibleAsync();
        await AssertFitsAndLabelledAsync(patient, "patient-sessions-360");
        await patient.GotoAsync($"/#/patient/consent/{cast.SessionId}");
        await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "How to stop it" })).ToBeVisibleAsync();
        await AssertFitsAndLabelledAsync(patient, "patient-consent-360");
        await patient.GotoAsync($"/#/patient/session/{cast.SessionId}");
        await Expect(patient.GetByTestId("call-status")).ToBeVisibleAsync();
        await AssertFitsAndLabelledAsync(patient, "patient-session-360");

        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Alerts_raised_while_no_dashboard_was_open_wait_on_the_home_page_until_reviewed()
    {
        var cast = await Server.SeedAsync("Robin");
        var inbox = Server.Services.GetRequiredService<IGrainFactory>().GetGrain<ITherapistGrain>(cast.Therapist.Id);
        await inbox.AddAlert(new SessionAlert(
            $"{cast.SessionId}/m1", cast.SessionId, cast.Patient.Id, cast.Therapist.Id, NotableMomentKind.SustainedNegativeAffect, DateTimeOffset.UtcNow, "Negative expressions held for 20 seconds."));
        await using var browser = await Browser.LaunchAsync();
        var therapist = await browser.NewPageAsync(Server.Address);

        await therapist.GotoAsync("/");
        await SignInAsync(therapist, cast.Therapist.Email, cast.TherapistPassword);
        var alert = therapist.Locator($"li[data-alert-id='{cast.SessionId}/m1']");
        await Expect(alert).ToContainTextAsync("Negative expressions held for 20 seconds.");
        await Expect(alert).ToContainTextAsync("Robin Patient");
        await ScreenshotAsync(therapist, "therapist-alert-inbox");
        await alert.GetByRole(AriaRole.Button, new() { Name = "Mark as reviewed" }).FocusAsync();
        await therapist.Keyboard.PressAsync("Enter");

        await Expect(therapist.GetByTestId("alert-inbox")).ToContainTextAsync("No alerts waiting.");
        Assert.Empty(await inbox.GetUnacknowledgedAlerts());
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task An_admin_disables_a_patient_on_the_accounts_page_and_the_patients_open_page_is_signed_out_at_once()
    {
        var cast = await Server.SeedAsync("Kim");
        var admin = await Server.Services.GetRequiredService<AccountService>().CreateAsync(Role.Admin, $"accounts-{Guid.NewGuid():N}@test.example", "Accounts Admin", CancellationToken.None);
        await using var browser = await Browser.LaunchAsync();
        var patient = await browser.NewPageAsync(Server.Address);
        await patient.Context.AddInitScriptAsync("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));");
        await patient.GotoAsync("/");
        await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword);
        await patient.GotoAsync($"/#/patient/consent/{cast.SessionId}");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Allow facial analysis for this session" }).ClickAsync();
        await Expect(patient.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "connected");

        var page = await browser.NewPageAsync(Server.Address);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync("/");
        await SignInAsync(page, admin!.Account.Email, admin.InitialPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accounts" })).ToBeVisibleAsync();
        var row = page.Locator($"tr[data-account-id='{cast.Patient.Id}']");
        await Expect(row.GetByTestId("account-status")).ToHaveTextAsync("Active");
        // Before the server closes the patient's connection, which the SignalR client reports on the console.
        Assert.Empty(browser.Errors);
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();

        await Expect(row.GetByTestId("account-status")).ToHaveTextAsync("Disabled");
        await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Sign in to EmoteCare" })).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(patient.GetByText("Your account was disabled by an administrator.")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "admin-accounts");

        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(row.GetByTestId("account-status")).ToHaveTextAsync("Active");
        await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword);
    }

    internal static async Task SignInAsync(IPage page, string email, string password, bool keyboard = false)
    {
        if (keyboard)
        {
            // Skip link, brand, then the form: reach the email field with Tab alone.
            await page.Locator("body").FocusAsync();
            for (var i = 0; i < 10 && !await page.GetByLabel("Email").EvaluateAsync<bool>("e => e === document.activeElement"); i++)
            {
                await page.Keyboard.PressAsync("Tab");
            }

            await Expect(page.GetByLabel("Email")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(email);
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(password);
            await page.Keyboard.PressAsync("Enter");
        }
        else
        {
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    private async Task AssertFitsAndLabelledAsync(IPage page, string name)
    {
        await ScreenshotAsync(page, name);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow} px wider than the 360 px screen.");
        var unlabelled = await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('input, select, textarea, button, a[href], canvas')]
              .filter(e => {
                if (e.closest('[hidden]')) return false;
                const name = (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || '').trim()
                  || (e.labels && [...e.labels].map(l => l.textContent).join('').trim())
                  || (e.tagName !== 'INPUT' && e.tagName !== 'SELECT' && e.tagName !== 'CANVAS' ? e.textContent.trim() : '');
                return !name;
              })
              .map(e => e.outerHTML.slice(0, 120))
            """);
        Assert.True(unlabelled.Length == 0, $"{name}: controls without a label: {string.Join(", ", unlabelled)}");
    }

    private async Task ScreenshotAsync(IPage page, string name, bool docs = false)
    {
        Directory.CreateDirectory(TestEnvironment.Screenshots);
        var path = Path.Combine(TestEnvironment.Screenshots, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        if (docs && TestEnvironment.UpdateDocsScreenshots)
        {
            Directory.CreateDirectory(TestEnvironment.DocsScreenshots);
            File.Copy(path, Path.Combine(TestEnvironment.DocsScreenshots, $"{name}.png"), overwrite: true);
        }
    }

    /// <summary>From now on, every state the page's connection indicator shows is kept in window.connectionStates.</summary>
    private static Task RecordConnectionStatesAsync(IPage page) => page.EvaluateAsync(
        """
        () => {
          window.connectionStates = [];
          const indicator = document.querySelector('[data-testid=connection]');
          new MutationObserver(() => window.connectionStates.push(indicator.dataset.state))
            .observe(indicator, { attributes: true, attributeFilter: ['data-state'] });
        }
        """);

    private static async Task<long> ReadNumberAsync(ILocator locator)
    {
        var text = await locator.TextContentAsync() ?? "";
        var match = Number().Match(text);
        return match.Success ? long.Parse(match.Value, CultureInfo.InvariantCulture) : -1;
    }

    private static async Task WaitForNumberAsync(ILocator locator, Func<long, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + LiveTimeout;
        long last;
        while (!condition(last = await ReadNumberAsync(locator)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {LiveTimeout.TotalSeconds} s for {what}; it stayed at {last}.");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
