namespace OrderCancellation.Store.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task The_embedded_queue_hides_received_messages_counts_dequeues_and_honours_pop_receipts()
    {
        var queue = Host.Queue;
        await queue.CreateIfNotExistsAsync("feeds");
        await queue.CreateIfNotExistsAsync("feeds");
        await queue.SendAsync("feeds", "one");
        await queue.SendAsync("feeds", "two");

        var first = await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30));
        var second = await queue.ReceiveAsync("feeds", 5, TimeSpan.FromSeconds(30));
        var none = await queue.ReceiveAsync("feeds", 5, TimeSpan.FromSeconds(30));
        Clock.Advance(TimeSpan.FromSeconds(31));
        var again = await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30));
        var staleDelete = await queue.DeleteAsync(first[0]);
        var delete = await queue.DeleteAsync(again[0]);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var rest = await queue.ReceiveAsync("feeds", 5, TimeSpan.FromSeconds(30));

        Assert.Equal(("one", 1), (first.Single().Body, first[0].DequeueCount));
        Assert.Equal("two", second.Single().Body);
        Assert.Empty(none);
        Assert.Equal((first[0].MessageId, 2), (again.Single().MessageId, again[0].DequeueCount));
        Assert.NotEqual(first[0].PopReceipt, again[0].PopReceipt);
        Assert.False(staleDelete);
        Assert.True(delete);
        Assert.Equal(("two", 2), (rest.Single().Body, rest[0].DequeueCount));
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.SendAsync("never-created", "x"));
    }

    [Fact]
    public async Task The_embedded_queue_extends_a_received_message_under_a_new_pop_receipt()
    {
        var queue = Host.Queue;
        await queue.CreateIfNotExistsAsync("feeds");
        await queue.SendAsync("feeds", "one");
        var received = (await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30))).Single();

        Clock.Advance(TimeSpan.FromSeconds(20));
        var extended = await queue.ExtendAsync(received, TimeSpan.FromSeconds(30));
        Clock.Advance(TimeSpan.FromSeconds(20)); // 40 s after the receive, 20 s into the extension
        var hidden = await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30));
        var staleExtend = await queue.ExtendAsync(received, TimeSpan.FromSeconds(30));
        var staleDelete = await queue.DeleteAsync(received);
        Clock.Advance(TimeSpan.FromSeconds(11)); // past the extension
        var again = (await queue.ReceiveAsync("feeds", 1, TimeSpan.FromSeconds(30))).Single();
        var lostExtend = await queue.ExtendAsync(extended!, TimeSpan.FromSeconds(30));

        Assert.NotNull(extended);
        Assert.Equal((received.MessageId, "one", 1), (extended.MessageId, extended.Body, extended.DequeueCount));
        Assert.NotEqual(received.PopReceipt, extended.PopReceipt);
        Assert.Empty(hidden);
        Assert.Null(staleExtend);
        Assert.False(staleDelete);
        Assert.Equal((received.MessageId, 2), (again.MessageId, again.DequeueCount));
        Assert.Null(lostExtend);
        Assert.True(await queue.DeleteAsync(again));
    }

    [Fact]
    public async Task The_embedded_queue_gives_a_message_handed_back_with_no_visibility_to_the_next_receiver_at_once()
    {
        var queue = Host.Queue;
        await queue.CreateIfNotExistsAsync("feeds");
        await queue.SendAsync("feeds", "one");
        var received = (await queue.ReceiveAsync("feeds", 1, TimeSpan.FromMinutes(10))).Single();

        var handedBack = await queue.ExtendAsync(received, TimeSpan.Zero); // what a stopping consumer does
        var again = await queue.ReceiveAsync("feeds", 1, TimeSpan.FromMinutes(10)); // the clock has not moved
        var lateDelete = await queue.DeleteAsync(handedBack!);

        Assert.NotNull(handedBack);
        Assert.Equal((received.MessageId, 2), (again.Single().MessageId, again[0].DequeueCount));
        Assert.False(lateDelete); // the stopped consumer's receipt no longer holds
        Assert.True(await queue.DeleteAsync(again[0]));
    }
}
