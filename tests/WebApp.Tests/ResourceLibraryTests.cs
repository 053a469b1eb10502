using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orleans;
using static Microsoft.Playwright.Assertions;

namespace EmoteCare.WebApp.Tests;

/// <summary>The resource library in the browser: the therapist adds and suggests, the patient searches, reads, does an exercise and marks it used.</summary>
public sealed partial class WebAppTests
{
    [Fact]
    public async Task A_therapist_suggests_resources_and_the_patient_searches_reads_does_an_exercise_and_marks_them_used()
    {
        var cast = await Server.SeedAsync("Jo");
        await using var browser = await Browser.LaunchAsync();
        var therapist = await browser.NewPageAsync(Server.Address);
        var patient = await browser.NewPageAsync(Server.Address, width: 360, height: 780);

        // The therapist adds a resource of their own (with markup that must not survive) and suggests it and box breathing.
        await therapist.GotoAsync("/");
        await SignInAsync(therapist, cast.Therapist.Email, cast.TherapistPassword);
        await therapist.GetByRole(AriaRole.Link, new() { Name = "Assign resources" }).ClickAsync();
        await Expect(therapist.GetByRole(AriaRole.Heading, new() { Name = "Assign resources" })).ToBeVisibleAsync();
        await therapist.GetByLabel("Title", new() { Exact = true }).FillAsync("Evening wind-down plan");
        await therapist.GetByLabel("Summary (one sentence)", new() { Exact = true }).FillAsync("Three steps for a calmer evening.");
        await therapist.GetByRole(AriaRole.Checkbox, new() { Name = "Sleep" }).CheckAsync();
        await therapist.GetByRole(AriaRole.Checkbox, new() { Name = "Fear" }).CheckAsync();
        await therapist.GetByLabel("Text (Markdown)", new() { Exact = true }).FillAsync("1. Dim the lights.\n2. Write down tomorrow's tasks.\n3. Read something gentle.\n\n<script>window.pwned = true</script><img src=x onerror=\"window.pwned = true\">");
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Add resource" }).ClickAsync();
        await Expect(therapist.GetByTestId("add-message")).ToContainTextAsync("Added \"Evening wind-down plan\"");
        await Expect(therapist.GetByLabel("Resource", new() { Exact = true })).ToContainTextAsync("Evening wind-down plan (yours)");
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Suggest" }).ClickAsync();
        await therapist.GetByLabel("Resource", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Box breathing (Exercise)" });
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Suggest" }).ClickAsync();
        var assigned = therapist.GetByTestId("assigned-resources");
        await Expect(assigned.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(assigned.Locator("tr[data-resource-id='box-breathing']")).ToContainTextAsync("Not yet");
        await ScreenshotAsync(therapist, "therapist-resources");

        // The patient searches the library with the keyboard on a 360 px screen.
        await patient.GotoAsync("/");
        await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword, keyboard: true);
        await patient.GotoAsync("/#/resources");
        await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Resource library" })).ToBeVisibleAsync();
        await Expect(patient.GetByTestId("resource-count")).ToContainTextAsync("11 resources found.");
        await patient.GetByLabel("Search", new() { Exact = true }).FocusAsync();
        await patient.Keyboard.TypeAsync("panic");
        await patient.Keyboard.PressAsync("Enter");
        await Expect(patient.Locator(".resource-list h2").First).ToHaveTextAsync("Panic, and how to ride it out");
        await AssertFitsAndLabelledAsync(patient, "resource-library-search-360");
        await patient.GetByLabel("Search", new() { Exact = true }).FillAsync("");
        await patient.GetByLabel("Concern", new() { Exact = true }).SelectOptionAsync("sleep");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(patient.GetByTestId("resource-count")).ToContainTextAsync("2 resources found.");
        await Expect(patient.Locator(".resource-list")).Not.ToContainTextAsync("Evening wind-down plan");

        // An article reads as formatted text.
        await patient.GetByRole(AriaRole.Link, new() { Name = "Sleeping better" }).ClickAsync();
        await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Sleeping better", Level = 1 })).ToBeVisibleAsync();
        await Expect(patient.GetByTestId("resource-body").GetByRole(AriaRole.Heading, new() { Name = "Habits that help" })).ToBeVisibleAsync();
        await AssertFitsAndLabelledAsync(patient, "resource-article-360");

        // The suggested exercise, step by step with the keyboard, then marked used.
        await patient.GetByRole(AriaRole.Link, new() { Name = "Your resources" }).ClickAsync();
        await Expect(patient.Locator(".resource-list > li")).ToHaveCountAsync(2);
        await patient.GetByRole(AriaRole.Link, new() { Name = "Box breathing" }).ClickAsync();
        await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Box breathing", Level = 1 })).ToBeVisibleAsync();
        await patient.GetByRole(AriaRole.Button, new() { Name = "Start the steps" }).FocusAsync();
        await patient.Keyboard.PressAsync("Enter");
        await Expect(patient.GetByTestId("exercise-step")).ToContainTextAsync("Step 1 of 4: Breathe in through your nose for 4.");
        await patient.Keyboard.PressAsync("Enter");
        await Expect(patient.GetByTestId("exercise-step")).ToContainTextAsync("Step 2 of 4: Hold gently for 4.");
        await AssertFitsAndLabelledAsync(patient, "resource-exercise-360");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Mark as used" }).ClickAsync();
        await Expect(patient.GetByTestId("resource-use")).ToContainTextAsync("You marked it used");

        // The therapist's own resource reaches the patient without its markup.
        await patient.GetByRole(AriaRole.Link, new() { Name = "Your resources" }).ClickAsync();
        await patient.GetByRole(AriaRole.Link, new() { Name = "Evening wind-down plan" }).ClickAsync();
        await Expect(patient.GetByTestId("resource-body").Locator("li")).ToHaveCountAsync(3);
        Assert.Equal(0, await patient.GetByTestId("resource-body").Locator("script, img").CountAsync());
        Assert.False(await patient.EvaluateAsync<bool>("() => window.pwned === true"));
        await patient.GetByRole(AriaRole.Link, new() { Name = "Your resources" }).ClickAsync();
        await Expect(patient.Locator("li[data-resource-id='box-breathing']")).ToContainTextAsync("Used on");
        await AssertFitsAndLabelledAsync(patient, "patient-resources-360");

        // The therapist sees which were used.
        await therapist.ReloadAsync();
        await Expect(assigned.Locator("tr[data-resource-id='box-breathing']")).ToContainTextAsync("Yes,");
        await Expect(assigned.Locator("tbody tr").Filter(new() { HasText = "Evening wind-down plan" })).ToContainTextAsync("Not yet");
        await ScreenshotAsync(therapist, "therapist-resources-used");
        var narrow = await browser.NewPageAsync(Server.Address, width: 360, height: 780);
        await narrow.GotoAsync("/");
        await SignInAsync(narrow, cast.Therapist.Email, cast.TherapistPassword);
        await narrow.GotoAsync("/#/therapist/resources");
        await Expect(narrow.GetByTestId("assigned-resources").Locator("tbody tr")).ToHaveCountAsync(2);
        await AssertFitsAndLabelledAsync(narrow, "therapist-resources-360");
        var stored = await Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientResourcesGrain>(cast.Patient.Id).GetAssigned();
        Assert.Equal(2, stored.Count);
        Assert.Empty(browser.Errors);
    }
}
