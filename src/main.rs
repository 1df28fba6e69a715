fn main() {
    tern::start();
}
