namespace OrderCancellation.Pages.Tests.Infrastructure;

/// <summary>
/// One app and one Chromium for all the browser tests (collection <see cref="BrowserCollection.Name"/>): starting them is
/// the slow part, and each test works on its own orders and its own browser context (its own sign-in cookie).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Generous: CI runs these on a loaded 2-core machine. Waits are for observed conditions, never fixed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Debian's Chromium (scripts/install-test-deps.sh installs it): Playwright's own download cannot work here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PagesApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public TestOrders Orders { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = new PagesApp().Start();
        Orders = new TestOrders(App.Services);
        Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root in a container Chromium has no user namespace sandbox to use.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A new browser context (no cookies) on the app, not signed in.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseAddress.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1200, Height = 900 } });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Timeout.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    /// <summary>A new browser context signed in through the development sign-in page as <paramref name="role"/> and <paramref name="id"/>.</summary>
    public async Task<IPage> SignedInAsync(string role, string id)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByLabel("Id").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(id);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
