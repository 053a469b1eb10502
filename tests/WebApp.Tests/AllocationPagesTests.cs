using EmoteCare.Api.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmoteCare.WebApp.Tests;

/// <summary>Intake and allocation in the browser: the therapist's profile, the patient's intake, the admin's queue.</summary>
public sealed partial class WebAppTests
{
    [Fact]
    public async Task A_therapist_sets_a_profile_a_new_patient_sends_an_intake_and_an_admin_confirms_the_suggestion_with_its_reasons()
    {
        var accounts = Server.Services.GetRequiredService<AccountService>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var admin = (await accounts.CreateAsync(Role.Admin, $"admin-{suffix}@test.example", "Alloc Admin", CancellationToken.None))!;
        var therapist = (await accounts.CreateAsync(Role.Therapist, $"therapist-{suffix}@test.example", "Dr Ada Byron", CancellationToken.None))!;
        var patient = (await accounts.CreateAsync(Role.Patient, $"patient-{suffix}@test.example", "Kit Patient", CancellationToken.None))!;
        await using var browser = await Browser.LaunchAsync();

        // The therapist fills in their practice profile; a made-up time zone is refused with a clear message first.
        var therapistPage = await browser.NewPageAsync(Server.Address);
        await therapistPage.GotoAsync("/");
        await SignInAsync(therapistPage, therapist.Account.Email, therapist.InitialPassword);
        await therapistPage.GetByRole(AriaRole.Link, new() { Name = "Practice profile" }).ClickAsync();
        await Expect(therapistPage.GetByRole(AriaRole.Heading, new() { Name = "Your practice profile" })).ToBeVisibleAsync();
        await therapistPage.GetByRole(AriaRole.Checkbox, new() { Name = "Anxiety" }).CheckAsync();
        await therapistPage.GetByRole(AriaRole.Checkbox, new() { Name = "Sleep" }).CheckAsync();
        await therapistPage.GetByLabel("Languages", new() { Exact = true }).FillAsync("en, eu");
        await therapistPage.GetByLabel("Time zone", new() { Exact = true }).FillAsync("Mars/Olympus");
        await therapistPage.GetByRole(AriaRole.Button, new() { Name = "Add a block" }).ClickAsync();
        await therapistPage.GetByLabel("From", new() { Exact = true }).FillAsync("09:00");
        await therapistPage.GetByLabel("To", new() { Exact = true }).FillAsync("17:00");
        await therapistPage.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(therapistPage.GetByTestId("practice-message")).ToContainTextAsync("'Mars/Olympus' is not a known IANA time zone id");
        await therapistPage.GetByLabel("Time zone", new() { Exact = true }).FillAsync("Europe/Madrid");
        await therapistPage.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(therapistPage.GetByTestId("practice-message")).ToContainTextAsync("Saved");
        await ScreenshotAsync(therapistPage, "therapist-practice-profile");

        // A new patient, on a 360 px screen and the keyboard, says what brings them and picks a language and a time.
        var patientPage = await browser.NewPageAsync(Server.Address, width: 360, height: 780);
        await patientPage.GotoAsync("/");
        await SignInAsync(patientPage, patient.Account.Email, patient.InitialPassword, keyboard: true);
        await patientPage.GetByRole(AriaRole.Link, new() { Name = "Your therapist" }).ClickAsync();
        await Expect(patientPage.GetByRole(AriaRole.Heading, new() { Name = "Finding your therapist" })).ToBeVisibleAsync();
        await patientPage.GetByLabel("What brings you here?").FocusAsync();
        await patientPage.Keyboard.TypeAsync("I lie awake most nights worrying about work.");
        await patientPage.GetByRole(AriaRole.Checkbox, new() { Name = "Anxiety" }).CheckAsync();
        await patientPage.GetByLabel("Language for your sessions (optional)").SelectOptionAsync("eu");
        await patientPage.GetByLabel("Your time zone").FillAsync("Europe/Madrid");
        await patientPage.GetByRole(AriaRole.Button, new() { Name = "Add a time" }).ClickAsync();
        await Expect(patientPage.GetByLabel("Day", new() { Exact = true })).ToBeFocusedAsync();
        await patientPage.GetByLabel("From", new() { Exact = true }).FillAsync("10:00");
        await patientPage.GetByLabel("To", new() { Exact = true }).FillAsync("11:00");
        await AssertFitsAndLabelledAsync(patientPage, "patient-intake-360");
        await patientPage.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var result = patientPage.GetByTestId("intake-result");
        await Expect(result).ToContainTextAsync("This is the therapist we suggest");
        await Expect(result).ToContainTextAsync("Dr Ada Byron");
        await Expect(result).ToContainTextAsync("Works with anxiety, which you mentioned.");
        await Expect(result).ToContainTextAsync("Offers sessions in your preferred language (eu).");
        await AssertFitsAndLabelledAsync(patientPage, "patient-intake-suggestion-360");

        // The admin sees the suggestion with its reasons in the queue and confirms it.
        var adminPage = await browser.NewPageAsync(Server.Address);
        await adminPage.GotoAsync("/");
        await SignInAsync(adminPage, admin.Account.Email, admin.InitialPassword);
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Allocation" }).First.ClickAsync();
        var request = adminPage.Locator($"li[data-patient-id='{patient.Account.Id}']");
        await Expect(request).ToContainTextAsync("New patient");
        await Expect(request.Locator($"[data-therapist-id='{therapist.Account.Id}']")).ToContainTextAsync("Works about 1 hour a week at times that suit you.");
        Assert.Equal(0, await request.GetByText("I lie awake").CountAsync());
        await ScreenshotAsync(adminPage, "admin-allocation-queue");
        await request.GetByRole(AriaRole.Button, new() { Name = "Assign Dr Ada Byron" }).ClickAsync();
        await Expect(adminPage.GetByTestId("queue-status")).ToContainTextAsync("Assigned Dr Ada Byron.");
        await Expect(request).ToHaveCountAsync(0);
        var assignment = await Server.Services.GetRequiredService<Assignments>().FindAsync(patient.Account.Id, CancellationToken.None);
        Assert.Equal(therapist.Account.Id, assignment!.TherapistId);

        // The patient asks for a different therapist; the request and its reason reach the admin.
        await patientPage.ReloadAsync();
        await patientPage.GetByLabel("Why would you like a different therapist?").FillAsync("I would rather talk with someone older.");
        await patientPage.GetByRole(AriaRole.Button, new() { Name = "Ask for a different therapist" }).ClickAsync();
        await Expect(patientPage.GetByTestId("intake-result")).ToContainTextAsync("Your request has reached our team.");
        await AssertFitsAndLabelledAsync(patientPage, "patient-change-request-360");
        await adminPage.ReloadAsync();
        await Expect(request).ToContainTextAsync("Asks for a different therapist");
        await Expect(request).ToContainTextAsync("I would rather talk with someone older.");

        // The admin opens the therapist's profile from the queue page and changes the caseload.
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Dr Ada Byron" }).ClickAsync();
        await Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = "Practice profile: Dr Ada Byron" })).ToBeVisibleAsync();
        await Expect(adminPage.GetByLabel("Time zone", new() { Exact = true })).ToHaveValueAsync("Europe/Madrid");
        await adminPage.GetByLabel("Most patients at once (0 takes no new patients)").FillAsync("12");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(adminPage.GetByTestId("practice-message")).ToContainTextAsync("Saved");
        var narrow = await browser.NewPageAsync(Server.Address, width: 360, height: 780);
        await narrow.GotoAsync("/");
        await SignInAsync(narrow, therapist.Account.Email, therapist.InitialPassword);
        await narrow.GotoAsync("/#/therapist/profile");
        await Expect(narrow.GetByLabel("Most patients at once (0 takes no new patients)")).ToHaveValueAsync("12");
        await AssertFitsAndLabelledAsync(narrow, "therapist-practice-profile-360");

        // The refused save of the made-up time zone is the only error any page met.
        var error = Assert.Single(browser.Errors);
        Assert.Contains("400", error, StringComparison.Ordinal);
        Assert.Contains($"/api/therapists/{therapist.Account.Id}/profile", error, StringComparison.Ordinal);
    }
}
