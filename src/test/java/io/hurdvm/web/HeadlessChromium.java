package io.hurdvm.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver: the real browser, nothing
 * downloaded (the driver path is given, so Selenium Manager never runs). As root Chromium needs
 * --no-sandbox; the background-networking flags keep it from calling out of this closed network.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static HeadlessChromium start(int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("hurdvm-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--force-device-scale-factor=1", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        HeadlessChromium chromium = new HeadlessChromium(driver, profile);
        chromium.resize(width, height);
        return chromium;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The viewport, not the window: headless window sizes include no browser chrome, but be exact. */
    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        Long innerW = (Long) driver.executeScript("return window.innerWidth");
        Long innerH = (Long) driver.executeScript("return window.innerHeight");
        if (innerW != null && innerH != null && (innerW != width || innerH != height)) {
            driver.manage().window().setSize(new Dimension(2 * width - innerW.intValue(), 2 * height - innerH.intValue()));
        }
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        File png = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
