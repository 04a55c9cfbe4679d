"""The extension caspian._caspian, built by the project's CMake (target caspian_python) for the
interpreter running pip, into build/pip/, then copied where setuptools packs it."""

import glob
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        source = os.path.dirname(os.path.abspath(__file__))
        build = os.path.join(source, "build", "pip")
        os.environ.setdefault("CCACHE_BASEDIR", source)
        subprocess.check_call([
            "cmake", "-S", source, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}", "-DCASPIAN_BUILD_TESTS=OFF",
            "-DCASPIAN_BUILD_BENCH=OFF", "-DCASPIAN_PYTHON=ON"])
        subprocess.check_call(["cmake", "--build", build, "--target", "caspian_python"])
        (built,) = glob.glob(os.path.join(build, "python", "caspian", "_caspian*.so"))
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built, target)


setup(ext_modules=[Extension("caspian._caspian", sources=[])], cmdclass={"build_ext": CMakeBuild})
