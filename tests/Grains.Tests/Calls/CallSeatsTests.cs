using EmoteCare.Grains.Calls;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests.Calls;

public sealed class CallSeatsTests
{
    [Fact]
    public void The_newest_connection_takes_a_seat_and_the_one_it_replaced_is_named_once()
    {
        var seats = new CallSeats();

        var first = seats.Take(CallRole.Therapist, "tab-1");
        var again = seats.Take(CallRole.Therapist, "tab-1");
        var second = seats.Take(CallRole.Therapist, "tab-2");

        Assert.Equal((null, null, "tab-1"), (first, again, second));
        Assert.Equal(("tab-2", null), (seats.HolderOf(CallRole.Therapist), seats.HolderOf(CallRole.Patient)));
        Assert.False(seats.Holds(CallRole.Therapist, "tab-1"));
        Assert.True(seats.Holds(CallRole.Therapist, "tab-2"));
    }

    [Fact]
    public void Only_the_holder_frees_a_seat_and_an_empty_seat_goes_to_the_first_connection_that_asks()
    {
        var seats = new CallSeats();
        seats.Take(CallRole.Patient, "phone");
        seats.Take(CallRole.Patient, "laptop");

        var staleLeaves = seats.Leave(CallRole.Patient, "phone");
        var holderLeaves = seats.Leave(CallRole.Patient, "laptop");
        var emptyTaken = seats.Holds(CallRole.Patient, "phone");
        var laptopAfter = seats.Holds(CallRole.Patient, "laptop");

        Assert.Equal((false, true, true, false), (staleLeaves, holderLeaves, emptyTaken, laptopAfter));
        Assert.Equal("phone", seats.HolderOf(CallRole.Patient));
        Assert.Null(seats.HolderOf(CallRole.Therapist));
    }

    [Fact]
    public void The_other_side_of_each_side()
    {
        Assert.Equal((CallRole.Therapist, CallRole.Patient), (CallSeats.Other(CallRole.Patient), CallSeats.Other(CallRole.Therapist)));
    }
}
