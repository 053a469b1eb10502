using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmoteCare.WebApp.Tests;

/// <summary>The support chat in Debian's Chromium: a conversation with an exercise, and a crisis that the therapist's open page hears live.</summary>
public sealed partial class WebAppTests
{
    [Fact]
    public async Task A_patient_chats_runs_box_breathing_then_a_crisis_shows_helplines_and_the_therapists_page_gets_the_alert_live()
    {
        var cast = await Server.SeedAsync("Sky");
        await using var browser = await Browser.LaunchAsync();
        var therapist = await browser.NewPageAsync(Server.Address);
        var patient = await browser.NewPageAsync(Server.Address, width: 360, height: 740);

        await therapist.GotoAsync("/");
        await SignInAsync(therapist, cast.Therapist.Email, cast.TherapistPassword);
        await Expect(therapist.GetByRole(AriaRole.Heading, new() { Name = "Alerts to review" })).ToBeVisibleAsync();
        // A second tab of the same therapist (same sign-in) on a session's live dashboard hears the chat's crisis alerts too.
        var dashboard = await therapist.Context.NewPageAsync();
        await dashboard.GotoAsync(new Uri(Server.Address, $"/#/therapist/session/{cast.SessionId}").ToString());
        await Expect(dashboard.GetByTestId("connection")).ToContainTextAsync("Connected");

        await patient.GotoAsync("/");
        await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword);
        await patient.GotoAsync("/#/patient/chat");
        var log = patient.GetByTestId("chat-log");
        await Expect(log).ToContainTextAsync("How are you feeling today?");
        await Expect(patient.GetByTestId("sos")).ToBeVisibleAsync();
        await ScreenshotAsync(patient, "chat-greeting");

        // A full turn by keyboard: type, Enter; then tap answers.
        await patient.GetByLabel("Your message").FillAsync("Work has been a lot lately");
        await patient.Keyboard.PressAsync("Enter");
        await Expect(log).ToContainTextAsync("What would help most right now?");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Try an exercise" }).ClickAsync();
        await patient.GetByRole(AriaRole.Button, new() { Name = "Box breathing" }).ClickAsync();
        var phase = patient.GetByTestId("timer-phase");
        await Expect(phase).ToContainTextAsync("Breathe in (round 1 of 4)");
        await Expect(phase).ToContainTextAsync("Hold (round 1 of 4)", new() { Timeout = 10_000 });
        await ScreenshotAsync(patient, "chat-box-breathing");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(log).ToContainTextAsync("How do you feel now?");

        // A crisis: helplines in the same reply, and the therapist's open page hears it live.
        await patient.GetByLabel("Your message").FillAsync("I have a plan to kill myself tonight");
        await patient.Keyboard.PressAsync("Enter");
        var helplines = patient.GetByTestId("helplines");
        await Expect(helplines).ToBeVisibleAsync();
        await Expect(log).ToContainTextAsync("I have let your therapist know");
        await ScreenshotAsync(patient, "chat-crisis-helplines");
        await Expect(therapist.GetByTestId("live-alert")).ToContainTextAsync("Crisis signal in the support chat", new() { Timeout = 15_000 });
        await Expect(therapist.GetByTestId("alert-inbox")).ToContainTextAsync("I have a plan to kill myself tonight");
        await ScreenshotAsync(therapist, "therapist-crisis-alert");
        await Expect(dashboard.GetByTestId("live-alert")).ToContainTextAsync("Crisis signal in the support chat", new() { Timeout = 15_000 });

        // One denial does not close the safety flow: the helplines stay.
        await patient.GetByRole(AriaRole.Button, new() { Name = "No", Exact = true }).ClickAsync();
        await patient.GetByLabel("Your message").FillAsync("forget it, I'm fine");
        await patient.Keyboard.PressAsync("Enter");
        await Expect(log).ToContainTextAsync("Please answer yes or no.");
        await Expect(helplines).ToBeVisibleAsync();

        // Private until shared; then the therapist reads it from the alert.
        await patient.GetByLabel("Share this conversation with my therapist").CheckAsync();
        await therapist.GetByTestId("alert-inbox").GetByRole(AriaRole.Link, new() { Name = "Open shared chat" }).ClickAsync();
        await Expect(therapist.GetByTestId("shared-chat")).ToContainTextAsync("forget it, I'm fine");
        await ScreenshotAsync(therapist, "therapist-shared-chat");
    }
}
