using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orleans;
using static Microsoft.Playwright.Assertions;

namespace EmoteCare.WebApp.Tests;

/// <summary>The calendar in the browser: the patient books a free slot, the therapist sees it, the patient cancels it.</summary>
public sealed partial class WebAppTests
{
    [Fact]
    public async Task The_patient_books_a_free_slot_the_therapist_sees_it_and_the_patient_cancels_it()
    {
        var cast = await Server.SeedAsync("Kim");
        await Server.Services.GetRequiredService<IGrainFactory>().GetGrain<ITherapistGrain>(cast.Therapist.Id).SetPractice(new TherapistPractice(
            [Specialty.Anxiety],
            ["en"],
            "Europe/Berlin",
            [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyHours(d, new TimeOnly(9, 0), new TimeOnly(12, 0)))],
            [],
            50,
            20));
        await using var browser = await Browser.LaunchAsync();
        var patient = await browser.NewPageAsync(Server.Address, width: 360, height: 780);
        var therapist = await browser.NewPageAsync(Server.Address);

        // Two weeks ahead, so the booking is well outside the notice period whatever day the test runs.
        await patient.GotoAsync("/");
        await SignInAsync(patient, cast.Patient.Email, cast.PatientPassword, keyboard: true);
        await patient.GetByRole(AriaRole.Link, new() { Name = "Calendar" }).ClickAsync();
        await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Calendar", Level = 1 })).ToBeVisibleAsync();
        await patient.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();
        await patient.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();
        var slot = patient.GetByTestId("free-slots").GetByRole(AriaRole.Button).First;
        await Expect(slot).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Book "));
        await slot.FocusAsync();
        await patient.Keyboard.PressAsync("Enter");
        await Expect(patient.GetByTestId("calendar-message")).ToContainTextAsync("Booked:");
        var booked = patient.GetByTestId("week").Locator("li[data-session-id]");
        await Expect(booked).ToHaveCountAsync(1);
        await Expect(patient.GetByTestId("unread")).ToContainTextAsync("1 unread notification.");
        await AssertFitsAndLabelledAsync(patient, "calendar-patient-booked-360");

        // The therapist's week shows it, with the patient's pseudonym.
        await therapist.GotoAsync("/");
        await SignInAsync(therapist, cast.Therapist.Email, cast.TherapistPassword);
        await Expect(therapist.GetByTestId("notification-badge")).ToHaveTextAsync("1 new");
        await therapist.GetByRole(AriaRole.Link, new() { Name = "Calendar" }).ClickAsync();
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();
        var seen = therapist.GetByTestId("week").Locator("li[data-session-id]");
        await Expect(seen).ToHaveCountAsync(1);
        await Expect(seen).ToContainTextAsync("with Kim Patient");
        await ScreenshotAsync(therapist, "calendar-therapist");

        // The patient cancels; the slot is free again and the therapist's week is empty.
        await booked.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(patient.GetByTestId("calendar-message")).ToContainTextAsync("Cancelled the session");
        await Expect(booked).ToHaveCountAsync(0);
        await therapist.ReloadAsync();
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();
        await Expect(therapist.GetByTestId("week").Locator("li[data-session-id]")).ToHaveCountAsync(0);

        // A private calendar link, then turned off.
        await patient.GetByRole(AriaRole.Button, new() { Name = "Make a calendar link" }).ClickAsync();
        await Expect(patient.GetByLabel("Your private calendar link", new() { Exact = false })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"/api/calendar-feeds/{cast.Patient.Id}/[0-9a-f]{{64}}\\.ics$"));
        await AssertFitsAndLabelledAsync(patient, "calendar-feed-360");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Turn the link off" }).ClickAsync();
        await Expect(patient.GetByTestId("feed-status")).ToHaveTextAsync("You have no calendar link.");
        Assert.Empty(browser.Errors);
    }
}
