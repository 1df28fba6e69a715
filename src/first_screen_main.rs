fn main() {
    tern::first_screen::start();
}
